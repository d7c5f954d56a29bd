// Identity source call latency in /metrics: LDAP binds and searches against a real slapd (a wrong
// password is an answer, "refused"), and an OpenID provider's discovery fetch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE_DN, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../peers/slapd.ts';
import { type OidcPeer, startOidcProvider } from '../peers/oidc-provider.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';
import { metricSample } from '../support/metric.ts';

let slapd: Slapd;
let peer: OidcPeer;
let app: TestApp;

before(async () => {
  slapd = await startSlapd();
  peer = await startOidcProvider();
  app = await startTestApp({
    // Starting a sign-in reads the provider's metadata; the client need not be registered for that.
    config: baseConfig({
      identity: [
        { id: 'corp', type: 'ldap', urls: [slapd.ldapsUrl], tls: { ca: slapd.caFile }, bind: { dn: SERVICE_DN, password: 'env:LDAP_BIND_PASSWORD' }, users: { base: `ou=people,${BASE_DN}` }, groups: { strategy: 'recursive', base: `ou=groups,${BASE_DN}` } },
        { id: 'sso', type: 'oidc', issuer: peer.issuer, clientId: 'roleport-metrics', clientSecret: 'env:OIDC_SECRET', ca: peer.ca.caPath },
      ],
    }),
    env: { ...TEST_ENV, LDAP_BIND_PASSWORD: SERVICE_PASSWORD, OIDC_SECRET: 'metrics-client-secret' },
  });
});
after(async () => {
  await app?.close();
  await peer?.close();
  await slapd?.close();
});

const calls = (source: string, operation: string, outcome: string) => metricSample(app.url, `roleport_identity_call_duration_seconds_count{source="${source}",operation="${operation}",outcome="${outcome}"}`);

test('an LDAP sign-in moves the bind and search latency counts; a wrong password counts as a refused bind', async () => {
  const [binds, searches, refused] = [await calls('corp', 'ldap-bind', 'ok'), await calls('corp', 'ldap-search', 'ok'), await calls('corp', 'ldap-bind', 'refused')];
  assert.equal((await createClient(app.url).login('alice', 'alice-password', 'corp')).status, 303);
  assert.ok((await calls('corp', 'ldap-bind', 'ok')) >= binds + 2, 'the service bind and alice\'s bind');
  assert.ok((await calls('corp', 'ldap-search', 'ok')) >= searches + 2, 'her entry and her groups');
  assert.equal((await createClient(app.url).login('alice', 'wrong', 'corp')).status, 401);
  assert.equal(await calls('corp', 'ldap-bind', 'refused'), refused + 1);
  assert.match(await (await fetch(`${app.url}/metrics`)).text(), /^roleport_identity_call_duration_seconds_bucket\{le="0\.5",source="corp",operation="ldap-bind",outcome="ok"\} \d+$/m);
});

test("starting an OpenID Connect sign-in fetches the provider's discovery document, timed", async () => {
  const before = await calls('sso', 'oidc-discovery', 'ok');
  const start = await createClient(app.url).get('/oidc/sso/login');
  assert.equal(start.status, 302);
  assert.ok(start.headers.get('location')?.startsWith(peer.issuer));
  assert.equal(await calls('sso', 'oidc-discovery', 'ok'), before + 1);
});
