// A console link followed from a sibling subdomain (Sec-Fetch-Site: same-site) is not the person's
// own click: a page on another host of the same site must not open the AWS console on its own.
// Only same-origin and direct (typed, bookmarked: `none`) requests go straight to AWS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { createClient, hiddenField } from '../support/http-client.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demo: true });
});
after(() => app.close());

const LINK = '/console/sandbox-dev/Developer';
const opened = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === 'console.opened').length;

async function bob() {
  const client = createClient(app.url);
  assert.equal((await client.login('bob', DEMO_PASSWORD)).status, 303);
  return client;
}

test('a same-site request from a sibling subdomain gets the confirmation page, and nothing is issued', async () => {
  const client = await bob();
  const before = opened();
  const response = await client.get(LINK, { headers: { 'sec-fetch-site': 'same-site' } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('location'), null);
  const html = await response.text();
  assert.match(html, /A link from another site asks to open the AWS console as\s+<strong>Developer<\/strong> in <strong>sandbox-dev<\/strong>/);
  assert.equal(opened(), before, 'no console sign-in was issued');
  const confirmed = await client.post(LINK, { _csrf: hiddenField(html, '_csrf')! });
  assert.equal(confirmed.status, 303, 'the person\u2019s own click on the confirmation still opens it');
  assert.equal(opened(), before + 1);
});

test('same-origin and direct (none) requests still go straight to AWS', async () => {
  const client = await bob();
  for (const site of ['same-origin', 'none', 'Same-Origin']) {
    const response = await client.get(LINK, { headers: { 'sec-fetch-site': site } });
    assert.equal(response.status, 302, site);
  }
});

test('a cross-site request is confirmed as before', async () => {
  const client = await bob();
  const response = await client.get(LINK, { headers: { 'sec-fetch-site': 'cross-site' } });
  assert.equal(response.status, 200);
  assert.match(await response.text(), /Open the AWS console\?/);
});
