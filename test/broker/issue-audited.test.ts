// Issuance is audited before it is handed out: an audit store that cannot write means no keys and
// no console link, a 503 that says why.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type AuditStore, createAudit } from '../../src/audit/index.ts';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { createClient, hiddenField } from '../support/http-client.ts';

const failing: AuditStore = { append: async () => { throw new Error('disk full'); }, ping: async () => {}, close: async () => {} };
let app: TestApp;
before(async () => {
  app = await startTestApp({ demo: true, audit: (logger) => createAudit({ logger, store: failing }) });
});
after(() => app.close());

test('an audit store that fails its write means no keys: a 503 saying so, and the failure is logged', async () => {
  const client = createClient(app.url);
  assert.equal((await client.login('alice', DEMO_PASSWORD)).status, 303);
  const csrf = hiddenField(await (await client.get('/keys/sandbox-dev/Developer')).text(), '_csrf')!;
  const response = await client.post('/keys/sandbox-dev/Developer', { _csrf: csrf });
  assert.equal(response.status, 503);
  const html = await response.text();
  assert.ok(html.includes('Roleport cannot write its audit trail right now, so nothing was handed out; try again in a minute'));
  assert.doesNotMatch(html, /AWS_SECRET_ACCESS_KEY|ASIA[A-Z0-9]{12,}/);
  assert.ok(app.logs.some((line) => line.includes('audit store could not keep a record')));
});

test('an audit store that fails its write means no console link either', async () => {
  const client = createClient(app.url);
  await client.login('alice', DEMO_PASSWORD);
  const response = await client.get('/console/sandbox-dev/Developer', { headers: { 'sec-fetch-site': 'same-origin' } });
  assert.equal(response.status, 503);
  assert.equal(response.headers.get('location'), null);
});
