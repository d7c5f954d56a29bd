// The oidc source against a real provider (oidc-provider over https with a test CA): sign-in, and
// every ID token check refusing what it must.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { oidcSourceSchema } from '../../src/config/sources/oidc.ts';
import { type OidcSource, createOidcSource } from '../../src/identity/oidc/index.ts';
import { createLogger } from '../../src/log.ts';
import { type OidcPeer, OIDC_USERS, startOidcProvider } from '../peers/oidc-provider.ts';
import { createBrowser, submitProviderLogin } from '../peers/oidc/browser.ts';

const PUBLIC_URL = 'http://127.0.0.1:9';
let peer: OidcPeer;
const sources: OidcSource[] = [];

function makeSource(raw: Record<string, unknown>): OidcSource {
  const ctx = { env: { OIDC_SECRET: 'test-client-secret' }, baseDir: '/', warnings: [] };
  const config = oidcSourceSchema(ctx).parse({
    id: 'corp',
    type: 'oidc',
    label: 'Corp SSO',
    issuer: peer.issuer,
    clientId: 'roleport',
    clientSecret: 'env:OIDC_SECRET',
    ca: peer.ca.caPath,
    scopes: ['openid', 'profile', 'email', 'groups'],
    claims: { groups: 'groups', attributes: { department: 'department' } },
    ...raw,
  });
  const source = createOidcSource(config, { logger: createLogger({ level: 'silent' }), publicUrl: PUBLIC_URL });
  sources.push(source);
  return source;
}

/** Walks the browser through the provider's login as `user`; returns the callback's query. */
async function signInAtProvider(source: OidcSource, user: string) {
  const { url, pending } = await source.relyingParty.authorizationRequest('/roles', new Date());
  const browser = createBrowser({ ca: peer.ca.caPem });
  const atProvider = (next: URL) => next.origin === new URL(peer.issuer).origin;
  const form = await browser.follow(await browser.get(url), atProvider);
  const back = await browser.follow(await submitProviderLogin(browser, form, user), atProvider);
  assert.ok(back.location?.startsWith(`${PUBLIC_URL}/oidc/corp/callback?`), `expected a redirect to the callback, got ${back.status} ${back.location}`);
  return { query: new URL(back.location ?? '').searchParams, pending, authorizationUrl: new URL(url) };
}

before(async () => {
  peer = await startOidcProvider();
  await peer.addClient({ client_id: 'roleport', client_secret: 'test-client-secret', redirect_uris: [`${PUBLIC_URL}/oidc/corp/callback`], post_logout_redirect_uris: [`${PUBLIC_URL}/login?signedOut=1`] });
});
after(async () => {
  await Promise.all(sources.map((s) => s.close?.()));
  await peer?.close();
});

describe('OIDC sign-in against a real provider', () => {
  it('signs alice in with PKCE, state and nonce, and maps her groups', async () => {
    const source = makeSource({});
    const { query, pending, authorizationUrl } = await signInAtProvider(source, 'alice');
    assert.equal(authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorizationUrl.searchParams.get('state'), pending.state);
    assert.equal(authorizationUrl.searchParams.get('nonce'), pending.nonce);
    assert.equal(authorizationUrl.searchParams.get('scope'), 'openid profile email groups');
    const identity = await source.completeSignIn(query, pending, new Date());
    assert.equal(identity.username, 'alice');
    assert.equal(identity.displayName, 'Alice Example');
    assert.equal(identity.email, 'alice@example.com');
    assert.deepEqual(identity.groups, ['aws-admins', 'developers']);
    assert.deepEqual(identity.attributes, { department: ['platform'] });
    assert.equal(identity.subject, `corp:${OIDC_USERS.alice.sub}`);
    assert.equal(identity.federation?.kind, 'oidc');
    const remaining = (identity.federation?.kind === 'oidc' ? identity.federation.expiresAt.getTime() : 0) - Date.now();
    assert.ok(remaining > 50 * 60_000 && remaining <= 3600_000, 'the ID token lives about an hour');
  });

  it('refuses an answer whose state is not the one this browser sent', async () => {
    const source = makeSource({});
    const { query, pending } = await signInAtProvider(source, 'alice');
    query.set('state', 'a-state-from-another-browser');
    await assert.rejects(source.completeSignIn(query, pending, new Date()), {
      status: 400,
      message: 'This sign-in answer does not match the sign-in started in this browser (state mismatch). Start the sign-in again.',
    });
  });

  const refusals: { name: string; rewrite: (claims: Record<string, unknown>) => Promise<string> | string; message: string }[] = [
    { name: 'another nonce', rewrite: (c) => peer.sign({ ...c, nonce: 'replayed-nonce' }), message: 'The ID token from Corp SSO does not belong to this sign-in (nonce mismatch).' },
    {
      name: 'an expired ID token',
      rewrite: (c) => peer.sign({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }),
      message: "The ID token from Corp SSO has expired. Check that this server's clock is right, then sign in again.",
    },
    { name: 'an ID token for another audience', rewrite: (c) => peer.sign({ ...c, aud: 'another-app', azp: undefined }), message: 'The ID token from Corp SSO was issued for another application (audience mismatch).' },
    { name: 'an ID token signed by a key the provider never published', rewrite: (c) => peer.signWithForeignKey(c), message: "The ID token's signature does not verify against Corp SSO's published keys." },
    { name: "an ID token with alg 'none'", rewrite: (c) => peer.unsigned(c), message: "The ID token from Corp SSO is signed with 'none', which this source does not accept (allowed: RS256, RS384, RS512, ES256, ES384, ES512)." },
    { name: 'an ID token from another issuer', rewrite: (c) => peer.sign({ ...c, iss: 'https://evil.example.com' }), message: 'The ID token was not issued by Corp SSO (issuer mismatch).' },
  ];
  for (const refusal of refusals) {
    it(`refuses ${refusal.name}`, async () => {
      const source = makeSource({});
      const { query, pending } = await signInAtProvider(source, 'alice');
      peer.rewriteNextIdToken((_original, claims) => refusal.rewrite(claims));
      await assert.rejects(source.completeSignIn(query, pending, new Date()), { status: 401, message: refusal.message });
    });
  }

  it('says so when the person cancels at the provider', async () => {
    const source = makeSource({});
    const { url, pending } = await source.relyingParty.authorizationRequest('/', new Date());
    const browser = createBrowser({ ca: peer.ca.caPem });
    const form = await browser.follow(await browser.get(url), (next) => next.origin === new URL(peer.issuer).origin);
    const abort = /href="([^"]*\/abort)"/.exec(form.text)?.[1] ?? assert.fail('no abort link on the provider page');
    const back = await browser.follow(await browser.get(new URL(abort, form.url).href), (next) => next.origin === new URL(peer.issuer).origin);
    await assert.rejects(source.completeSignIn(new URL(back.location ?? '').searchParams, pending, new Date()), {
      status: 401,
      message: 'Corp SSO did not sign you in (access_denied: End-User aborted interaction).',
    });
  });

  it('refuses an algorithm the provider uses but the source does not allow', async () => {
    const source = makeSource({ allowedAlgorithms: ['ES256'] });
    const { query, pending } = await signInAtProvider(source, 'alice');
    await assert.rejects(source.completeSignIn(query, pending, new Date()), {
      status: 401,
      message: "The ID token from Corp SSO is signed with 'RS256', which this source does not accept (allowed: ES256).",
    });
  });

  it('refuses bob when a required claim is missing, naming the claim', async () => {
    const source = makeSource({ requiredClaims: { email_verified: [true, false], hd: 'example.com' } });
    const { query, pending } = await signInAtProvider(source, 'bob');
    await assert.rejects(source.completeSignIn(query, pending, new Date()), {
      status: 403,
      code: 'oidc_claim_required',
      message: "Roleport requires the claim 'hd' to be 'example.com'; Corp SSO did not send it.",
    });
  });

  it('refuses bob whose email is not verified when the source requires it', async () => {
    const source = makeSource({ requiredClaims: { email_verified: true } });
    const { query, pending } = await signInAtProvider(source, 'bob');
    await assert.rejects(source.completeSignIn(query, pending, new Date()), { status: 403, message: "Roleport requires the claim 'email_verified' to be 'true'; Corp SSO sent 'false'." });
  });

  it('completes the claims from userinfo when the ID token lacks them', async () => {
    const source = makeSource({ useUserinfo: true });
    const { query, pending } = await signInAtProvider(source, 'bob');
    peer.rewriteNextIdToken((_original, claims) => peer.sign({ ...claims, groups: undefined, name: undefined }));
    const identity = await source.completeSignIn(query, pending, new Date());
    assert.deepEqual(identity.groups, ['developers']);
    assert.equal(identity.displayName, 'Bob Example');
  });

  it("gives the provider's end-session URL with the ID token hint and where to come back", async () => {
    const source = makeSource({});
    const url = new URL((await source.relyingParty.endSessionUrl('the.id.token')) ?? '');
    assert.equal(url.origin + url.pathname, `${peer.issuer}/session/end`);
    assert.equal(url.searchParams.get('id_token_hint'), 'the.id.token');
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${PUBLIC_URL}/login?signedOut=1`);
    assert.equal(url.searchParams.get('client_id'), 'roleport');
    assert.equal(await makeSource({ providerLogout: false }).relyingParty.endSessionUrl('the.id.token'), undefined);
  });

  it('does not trust the test CA unless the source names it, and says the provider cannot be reached', async () => {
    const source = makeSource({ ca: undefined });
    await assert.rejects(source.relyingParty.authorizationRequest('/', new Date()), {
      status: 503,
      message: 'Roleport cannot reach Corp SSO right now; try again in a minute.',
    });
  });
});
