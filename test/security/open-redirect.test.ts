// Open redirects: every door that sends a person on to a path somebody else chose (GET /login?next=
// while signed in, POST /login, OIDC's next, /saml/<id>/login?next= and an IdP-initiated SAML
// response's RelayState) gets the same table of hostile return paths, and none leaves Roleport.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeCertificate } from '../peers/simplesamlphp.ts';
import { type Signer, forgeResponse } from '../peers/saml/forge.ts';
import { type OidcPeer, startOidcProvider } from '../peers/oidc-provider.ts';
import { createBrowser, submitProviderLogin } from '../peers/oidc/browser.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { LOCAL_USERS, PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { createClient, hiddenField } from '../support/http-client.ts';
import { HOSTILE_RETURN_PATHS } from './return-paths.ts';

const IDP = 'https://idp.test/metadata';
const ALICE = { uid: 'alice', displayName: 'Alice Admin', memberOf: ['cn=developers,ou=groups,dc=example,dc=org'] };

let dir: string;
let idp: Signer;
let peer: OidcPeer;
let app: TestApp;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roleport-open-redirect-'));
  idp = makeCertificate(dir, 'idp');
  peer = await startOidcProvider();
  app = await startTestApp({
    env: { ...TEST_ENV, OIDC_CLIENT_SECRET: 'open-redirect-client-secret' },
    config: {
      session: { secret: 'env:TEST_SESSION_SECRET' },
      identity: [
        { id: 'corp', type: 'local', label: 'Corporate', users: LOCAL_USERS },
        { id: 'idp', type: 'saml', label: 'Corp SAML', entryPoint: 'https://idp.test/sso', idpIssuer: IDP, idpCertificates: [idp.cert], allowIdpInitiated: true },
        { id: 'sso', type: 'oidc', label: 'Corp SSO', issuer: peer.issuer, clientId: 'roleport', clientSecret: 'env:OIDC_CLIENT_SECRET', ca: peer.ca.caPath },
      ],
      accounts: [{ id: '111111111111', name: 'prod' }],
      roles: [{ account: 'prod', name: 'Admin' }],
    },
  });
  await peer.addClient({ client_id: 'roleport', client_secret: 'open-redirect-client-secret', redirect_uris: [`${app.url}/oidc/sso/callback`] });
});
after(async () => {
  await app?.close();
  await peer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Where a browser goes with this Location header: it must be Roleport's own home page. */
function assertStaysHome(location: string | null | undefined, payload: string) {
  assert.equal(location, '/', `${JSON.stringify(payload)} was sent on to ${JSON.stringify(location)}`);
}

const signedIn = (username: string) => app.logs.filter((line) => line.includes('"login.succeeded"') && line.includes(`"username":"${username}"`)).length;

describe('hostile return paths, door by door', () => {
  it('GET /login?next= for a person already signed in goes home', async () => {
    const client = createClient(app.url);
    assert.equal((await client.login('alice', PASSWORDS.alice)).status, 303);
    for (const { value } of HOSTILE_RETURN_PATHS) {
      const response = await client.get(`/login?next=${encodeURIComponent(value)}`);
      assert.equal(response.status, 302);
      assertStaysHome(response.headers.get('location'), value);
    }
  });

  it('POST /login signs the person in and goes home, and the login form never carries the payload', async () => {
    const before = signedIn('bob');
    for (const { value } of HOSTILE_RETURN_PATHS) {
      const client = createClient(app.url);
      const form = await (await client.get(`/login?next=${encodeURIComponent(value)}`)).text();
      assert.equal(hiddenField(form, 'next'), '/', `the login form kept ${JSON.stringify(value)}`);
      const response = await client.login('bob', PASSWORDS.bob, 'corp', value);
      assert.equal(response.status, 303);
      assertStaysHome(response.headers.get('location'), value);
    }
    assert.equal(signedIn('bob') - before, HOSTILE_RETURN_PATHS.length, 'each sign-in is audited as login.succeeded');
  });

  it('/saml/<id>/login?next= sends the IdP a RelayState of /', async () => {
    for (const { value } of HOSTILE_RETURN_PATHS) {
      const response = await createClient(app.url).get(`/saml/idp/login?next=${encodeURIComponent(value)}`);
      assert.equal(response.status, 302);
      const location = new URL(response.headers.get('location') ?? '');
      assert.equal(location.origin, 'https://idp.test');
      assertStaysHome(location.searchParams.get('RelayState'), value);
    }
  });

  it("an IdP-initiated SAML response's RelayState goes home", async () => {
    const acs = `${app.url}/saml/idp/acs`;
    for (const { value } of HOSTILE_RETURN_PATHS) {
      const SAMLResponse = forgeResponse({ issuer: IDP, audience: `${app.url}/saml/idp`, recipient: acs, destination: acs, attributes: ALICE }, idp);
      const response = await createClient(app.url).post('/saml/idp/acs', { SAMLResponse, RelayState: value });
      assert.equal(response.status, 303, await response.text());
      assertStaysHome(response.headers.get('location'), value);
    }
  });

  it("OIDC's next, kept through the provider's round trip, goes home", async () => {
    const atProvider = (url: URL) => url.origin === new URL(peer.issuer).origin;
    for (const { value } of HOSTILE_RETURN_PATHS) {
      const browser = createBrowser({ ca: peer.ca.caPem });
      const form = await browser.follow(await browser.get(`${app.url}/oidc/sso/login?next=${encodeURIComponent(value)}`), atProvider);
      const back = await browser.follow(await submitProviderLogin(browser, form, 'alice'), atProvider);
      assert.ok(back.location?.startsWith(`${app.url}/oidc/sso/callback?`), `the provider did not send the browser back: ${back.status}`);
      const landing = await browser.get(back.location ?? assert.fail('no callback'));
      assert.equal(landing.status, 303);
      assert.equal(landing.location, `${app.url}/`, `${JSON.stringify(value)} was sent on to ${landing.location}`);
    }
  });
});

describe('paths of Roleport itself', () => {
  it('are kept at every door', async () => {
    const client = createClient(app.url);
    const response = await client.login('alice', PASSWORDS.alice, 'corp', '/roles/prod/Admin?from=bookmark');
    assert.equal(response.headers.get('location'), '/roles/prod/Admin?from=bookmark');
    const saml = await createClient(app.url).get('/saml/idp/login?next=%2Froles%2Fprod%2FAdmin');
    assert.equal(new URL(saml.headers.get('location') ?? '').searchParams.get('RelayState'), '/roles/prod/Admin');
  });
});
