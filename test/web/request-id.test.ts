// Request ids: made for each request or taken from a trusted proxy, on every log line and audit
// event of the request, on error pages and JSON errors; a failed request is one log line.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createClient } from '../support/http-client.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { freePort } from '../support/free-port.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
type LogLine = { level: number; msg: string; requestId?: string; req?: { id?: string }; audit?: { event: string; requestId?: string }; err?: unknown; failure?: { code: string } };
const linesOf = (app: TestApp): LogLine[] => app.logs.map((line) => JSON.parse(line) as LogLine);

let direct: TestApp;
let proxied: TestApp;
before(async () => {
  // STS on a closed port: every issuance fails with a 503 the person is told about.
  const closed = await freePort();
  const aws = { credentials: { accessKeyId: 'AKIAEXAMPLEEXAMPLE01', secretAccessKey: 'env:BROKER_SECRET' }, endpoints: { sts: `http://127.0.0.1:${closed}` } };
  const env = { ...TEST_ENV, BROKER_SECRET: 'broker-secret-key' };
  direct = await startTestApp({ config: baseConfig({ aws }), env });
  proxied = await startTestApp({ config: baseConfig({ aws, server: { trustProxy: 'loopback' } }), env });
});
after(async () => {
  await direct.close();
  await proxied.close();
});

describe('request ids', () => {
  test('each answer names a new request id, and an id sent by a client that is not a trusted proxy is ignored', async () => {
    const first = await fetch(`${direct.url}/login`);
    const second = await fetch(`${direct.url}/login`, { headers: { 'x-request-id': 'forged-by-client' } });
    assert.match(first.headers.get('x-request-id') ?? '', UUID);
    assert.match(second.headers.get('x-request-id') ?? '', UUID);
    assert.notEqual(first.headers.get('x-request-id'), second.headers.get('x-request-id'));
  });

  test("a trusted proxy's X-Request-Id is kept, unless it is not a plain short id", async () => {
    const kept = await fetch(`${proxied.url}/login`, { headers: { 'x-request-id': 'lb-7f3a.42' } });
    assert.equal(kept.headers.get('x-request-id'), 'lb-7f3a.42');
    const odd = await fetch(`${proxied.url}/login`, { headers: { 'x-request-id': '<script>' } });
    assert.match(odd.headers.get('x-request-id') ?? '', UUID);
  });

  test("every log line and the audit event of a sign-in carry the sign-in's request id", async () => {
    const client = createClient(proxied.url);
    const response = await client.login('alice', PASSWORDS.alice, undefined, undefined);
    assert.equal(response.status, 303);
    const id = response.headers.get('x-request-id')!;
    const lines = linesOf(proxied).filter((line) => line.requestId === id || line.req?.id === id);
    assert.ok(lines.some((line) => line.audit?.event === 'login.succeeded' && line.audit.requestId === id), 'the audit event names the request');
    assert.ok(lines.every((line) => line.requestId === id), 'every line of the request names it');
  });

  test('a page that fails shows the request id to quote, and the failure is one log line without a made-up stack', async () => {
    const client = createClient(direct.url);
    await client.login('alice', PASSWORDS.alice);
    const form = await (await client.get('/keys/dev/Developer')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];
    const response = await client.post('/keys/dev/Developer', { _csrf: csrf });
    assert.equal(response.status, 503);
    const id = response.headers.get('x-request-id')!;
    const html = await response.text();
    assert.ok(html.includes(`Request id: <code class="request-id">${id}</code>`));
    const lines = linesOf(direct).filter((line) => line.requestId === id || line.req?.id === id);
    const errors = lines.filter((line) => line.level >= 50);
    assert.equal(errors.length, 1, 'one error line for the failed request');
    assert.equal(errors[0].msg, 'POST /keys/dev/Developer failed with 503');
    assert.equal(errors[0].failure?.code, 'sts_unreachable');
    assert.equal(errors[0].err, undefined, 'no synthetic error with a stack');
    assert.ok(!direct.logs.some((line) => line.includes('failed with status code')));
    assert.ok(lines.some((line) => line.audit?.event === 'credentials.refused' && line.audit.requestId === id));
  });

  test('a JSON error carries the request id', async () => {
    const response = await fetch(`${direct.url}/api/v1/me`);
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { requestId?: string } };
    assert.equal(body.error.requestId, response.headers.get('x-request-id'));
  });
});
