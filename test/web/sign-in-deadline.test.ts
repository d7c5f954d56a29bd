// A sign-in has one deadline for the whole (timeouts.operation): a directory that hangs (SIGSTOP:
// it accepts connections and never answers) fails the sign-in within it, with a clear 503 page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_DN, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../peers/slapd.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';

let slapd: Slapd;
let app: TestApp;
before(async () => {
  slapd = await startSlapd();
  app = await startTestApp({
    config: baseConfig({
      timeouts: { operation: '2s' },
      identity: [{ id: 'corp', type: 'ldap', label: 'Corp directory', urls: [slapd.ldapUrl], bind: { dn: SERVICE_DN, password: 'env:LDAP_BIND_PASSWORD' }, users: { base: `ou=people,${BASE_DN}` } }],
    }),
    env: { ...TEST_ENV, LDAP_BIND_PASSWORD: SERVICE_PASSWORD },
  });
});
after(async () => {
  slapd?.signal('SIGCONT');
  await app?.close();
  await slapd?.close();
});

test('with timeouts.operation 2s, a SIGSTOPped directory fails a sign-in within 2 to 5 seconds with a 503 page', async () => {
  const client = createClient(app.url);
  const csrfReady = await client.csrfToken('/login');
  slapd.signal('SIGSTOP');
  try {
    const started = Date.now();
    const response = await client.post('/login', { _csrf: csrfReady, username: 'alice', password: 'whatever-1' });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(response.status, 503);
    assert.ok(seconds >= 1.9 && seconds <= 5, `took ${seconds} s`);
    assert.match(await response.text(), /the identity source &#39;Corp directory&#39; did not answer within 2 seconds; try again in a minute|the identity source 'Corp directory' did not answer within 2 seconds/);
  } finally {
    slapd.signal('SIGCONT');
  }
});
