// OpenID Connect sign-in through Roleport's pages, driven like a browser across Roleport and a real
// provider (oidc-provider over https with a test CA), then a web-identity role issued end to end
// against the sandbox STS Roleport mounts, checked with GetCallerIdentity.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { LOCAL_USERS, PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';
import { MFA_ENV } from '../support/mfa.ts';
import { type OidcPeer, startOidcProvider } from '../peers/oidc-provider.ts';
import { type Browser, type BrowserResponse, createBrowser, submitProviderLogin } from '../peers/oidc/browser.ts';

const ACCOUNT = '111111111111';
const BROKER = { accessKeyId: 'AKIAROLEPORTOIDCTEST1', secretAccessKey: 'broker-secret-for-the-oidc-web-test-0123' };
let peer: OidcPeer;
let app: TestApp;

function config(url: string) {
  const provider = peer.issuer.replace('https://', '');
  const oidc = { type: 'oidc', issuer: peer.issuer, clientId: 'roleport', clientSecret: 'env:OIDC_CLIENT_SECRET', ca: peer.ca.caPath, scopes: ['openid', 'profile', 'email', 'groups'], claims: { groups: 'groups' } };
  return {
    session: { secret: 'env:TEST_SESSION_SECRET' },
    mfa: { encryptionKey: 'env:TEST_MFA_KEY' },
    identity: [
      { id: 'corp', label: 'Corp SSO', ...oidc },
      { id: 'strict', label: 'Strict SSO', ...oidc, requiredClaims: { email_verified: true, hd: 'example.com' } },
      { id: 'otp-sso', label: 'OTP SSO', ...oidc, mfa: { amr: ['otp'] } },
      { id: 'break-glass', type: 'local', label: 'Break glass', users: LOCAL_USERS },
    ],
    aws: {
      credentials: { sandboxUser: 'roleport-broker' },
      endpoints: { sts: `${url}/sandbox/sts`, signin: `${url}/sandbox/federation`, console: `${url}/sandbox/console` },
      consoleDestinations: [`${url}/sandbox/console/`],
    },
    accounts: [{ id: ACCOUNT, name: 'sandbox-prod' }],
    roles: [
      { account: 'sandbox-prod', name: 'WebDeveloper', method: 'web-identity', description: 'Developers, through their own sign-in' },
      { account: 'sandbox-prod', name: 'Admin' },
      { account: 'sandbox-prod', name: 'Audit', mfa: 'required' },
    ],
    rules: [
      { groups: ['developers'], grant: ['sandbox-prod/WebDeveloper'] },
      { groups: ['aws-admins'], grant: ['sandbox-prod/Admin'] },
      { groups: ['aws-admins'], grant: ['sandbox-prod/Audit'] },
    ],
    sandbox: {
      accounts: [ACCOUNT],
      users: [{ name: 'roleport-broker', account: ACCOUNT, accessKeyId: BROKER.accessKeyId, secretAccessKey: 'env:BROKER_SECRET' }],
      roles: [
        {
          account: ACCOUNT,
          name: 'WebDeveloper',
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${provider}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${provider}:aud`]: 'roleport' } } }],
          },
        },
        { account: ACCOUNT, name: 'Admin', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/roleport-broker` }, Action: 'sts:AssumeRole' }] } },
        {
          account: ACCOUNT,
          name: 'Audit',
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/roleport-broker` }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'aws:RequestTag/mfa': 'true' } } }] },
        },
      ],
      oidcProviders: [{ account: ACCOUNT, issuer: peer.issuer, clientIds: ['roleport'], ca: peer.ca.caPath }],
    },
  };
}

before(async () => {
  peer = await startOidcProvider();
  app = await startTestApp({ config, env: { ...TEST_ENV, ...MFA_ENV, OIDC_CLIENT_SECRET: 'oidc-test-client-secret', BROKER_SECRET: BROKER.secretAccessKey } });
  await peer.addClient({
    client_id: 'roleport',
    client_secret: 'oidc-test-client-secret',
    redirect_uris: [`${app.url}/oidc/corp/callback`, `${app.url}/oidc/strict/callback`, `${app.url}/oidc/otp-sso/callback`],
    post_logout_redirect_uris: [`${app.url}/login?signedOut=1`],
  });
});
after(async () => {
  await app?.close();
  await peer?.close();
});

const atProvider = (url: URL) => url.origin === new URL(peer.issuer).origin;
const audits = (event: string) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === event).map((entry) => entry.audit);
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no _csrf field on the page');
const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

/** Starts at Roleport's /oidc/<source>/login, signs in at the provider, and stops at Roleport's callback redirect. */
async function toCallback(browser: Browser, user: string, source = 'corp', next = '/'): Promise<BrowserResponse> {
  const form = await browser.follow(await browser.get(`${app.url}/oidc/${source}/login?next=${encodeURIComponent(next)}`), atProvider);
  const back = await browser.follow(await submitProviderLogin(browser, form, user), atProvider);
  assert.ok(back.location?.startsWith(`${app.url}/oidc/${source}/callback?`), `expected the provider to send the browser back, got ${back.status} ${back.location}`);
  return back;
}

async function signIn(user: string, source = 'corp', next = '/'): Promise<{ browser: Browser; landing: BrowserResponse }> {
  const browser = createBrowser({ ca: peer.ca.caPem });
  const back = await toCallback(browser, user, source, next);
  const landing = await browser.follow(back);
  return { browser, landing };
}

function issueKeys(browser: Browser, role: string) {
  return (async () => {
    const page = await browser.get(`${app.url}/keys/${role}`);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    return browser.post(`${app.url}/keys/${role}`, { _csrf: csrfOf(page.text), duration: '900' });
  })();
}

describe('OpenID Connect sign-in', () => {
  it('offers each OIDC source on the login page, keeping where the person was going', async () => {
    const html = await (await createClient(app.url).get('/login?next=/roles/sandbox-prod/Admin')).text();
    assert.match(html, /href="\/oidc\/corp\/login\?next=%2Froles%2Fsandbox-prod%2FAdmin">Sign in with Corp SSO</);
    assert.match(html, /Sign in with Strict SSO/);
  });

  it("takes alice through the provider to the role picker, with her roles from the provider's groups", async () => {
    const { landing } = await signIn('alice');
    assert.equal(landing.url, `${app.url}/`);
    assert.equal(landing.status, 200);
    assert.deepEqual([...landing.text.matchAll(/data-role="([^"]+)"/g)].map((m) => m[1]), ['sandbox-prod/Admin', 'sandbox-prod/Audit', 'sandbox-prod/WebDeveloper']);
    const login = audits('login.succeeded').find((a) => a.actor.source === 'corp' && a.actor.username === 'alice');
    assert.ok(login, 'login.succeeded audited for alice from corp');
  });

  it('keeps the ID token, the code and the client secret out of the logs', async () => {
    let idToken = '';
    const browser = createBrowser({ ca: peer.ca.caPem });
    const back = await toCallback(browser, 'alice');
    peer.rewriteNextIdToken((original) => (idToken = original));
    assert.equal((await browser.follow(back)).status, 200);
    const code = new URL(back.location ?? '').searchParams.get('code') ?? '';
    assert.ok(idToken.length > 100 && code.length > 20);
    const signature = idToken.split('.')[2];
    for (const secret of [signature, code, 'oidc-test-client-secret']) assert.ok(!app.logs.some((line) => line.includes(secret)), 'a secret reached the log');
  });

  it('brings bob back to the page he asked for', async () => {
    const { landing } = await signIn('bob', 'corp', '/roles/sandbox-prod/WebDeveloper');
    assert.equal(landing.url, `${app.url}/roles/sandbox-prod/WebDeveloper`);
    assert.equal(landing.status, 200);
  });

  it('refuses an answer with another state, shows why, and audits login.failed', async () => {
    const browser = createBrowser({ ca: peer.ca.caPem });
    const back = new URL((await toCallback(browser, 'alice')).location ?? '');
    back.searchParams.set('state', 'forged-state');
    const page = await browser.get(back.href);
    assert.equal(page.status, 400);
    assert.match(page.text, /Sign-in refused/);
    assert.match(page.text, /This sign-in answer does not match the sign-in started in this browser \(state mismatch\)\. Start the sign-in again\./);
    assert.match(page.text, /href="\/oidc\/corp\/login\?next=%2F"/);
    assert.ok(audits('login.failed').some((a) => a.actor.source === 'corp' && /state mismatch/.test(a.reason)));
    assert.equal((await browser.get(`${app.url}/`)).status, 302, 'still signed out');
  });

  it('refuses a callback that no sign-in in this browser started', async () => {
    const browser = createBrowser({ ca: peer.ca.caPem });
    const page = await browser.get(`${app.url}/oidc/corp/callback?code=stolen&state=whatever`);
    assert.equal(page.status, 400);
    assert.match(page.text, /does not match a sign-in started in this browser/);
  });

  it('refuses an ID token signed by another key, on the refusal page', async () => {
    const browser = createBrowser({ ca: peer.ca.caPem });
    const back = await toCallback(browser, 'alice');
    peer.rewriteNextIdToken((_original, claims) => peer.signWithForeignKey(claims));
    const page = await browser.get(back.location ?? '');
    assert.equal(page.status, 401);
    assert.match(page.text, /The ID token&#39;s signature does not verify against Corp SSO&#39;s published keys\./);
  });

  it('refuses bob at a source that requires a claim he lacks, naming the claim', async () => {
    const browser = createBrowser({ ca: peer.ca.caPem });
    const page = await browser.follow(await toCallback(browser, 'bob', 'strict'));
    assert.equal(page.status, 403);
    assert.match(page.text, /Roleport requires the claim &#39;email_verified&#39; to be &#39;true&#39;; Strict SSO sent &#39;false&#39;\./);
    assert.ok(audits('login.failed').some((a) => a.actor.source === 'strict' && /email_verified/.test(a.reason)));
  });

  it('lets alice in at the strict source: her email is verified and her domain is example.com', async () => {
    const { landing } = await signIn('alice', 'strict');
    assert.equal(landing.status, 200);
  });

  it('signs out at Roleport and sends the browser to the provider to end its session too', async () => {
    const { browser } = await signIn('alice');
    const logoutPage = await browser.get(`${app.url}/logout`);
    const out = await browser.post(`${app.url}/oidc/corp/logout`, { _csrf: csrfOf(logoutPage.text) });
    // A page that moves on by itself (a redirect would be held to CSP form-action), with a link.
    assert.equal(out.status, 200);
    assert.match(out.text, /You are signed out of Roleport\. Now signing you out of Corp SSO/);
    const refresh = /^0; url=(.+)$/.exec(out.headers.get('refresh') ?? '')?.[1] ?? assert.fail('no Refresh header');
    assert.ok(out.text.includes(`href="${refresh.replaceAll('&', '&amp;')}"`), 'the page links to the same end-session URL');
    const endSession = new URL(refresh);
    assert.equal(`${endSession.origin}${endSession.pathname}`, `${peer.issuer}/session/end`);
    assert.equal(endSession.searchParams.get('post_logout_redirect_uri'), `${app.url}/login?signedOut=1`);
    assert.ok(endSession.searchParams.get('id_token_hint'));
    assert.equal((await browser.get(`${app.url}/`)).status, 302, 'signed out of Roleport');
    assert.equal((await browser.get(endSession.href)).status, 200, 'the provider accepts the end-session request');
  });

  it("the page header's Sign out (POST /logout) signs out at the provider too", async () => {
    const { browser } = await signIn('bob');
    const picker = await browser.get(`${app.url}/`);
    const out = await browser.post(`${app.url}/logout`, { _csrf: csrfOf(picker.text) });
    assert.equal(out.status, 200);
    assert.match(out.text, /You are signed out of Roleport\. Now signing you out of Corp SSO/);
    assert.match(out.headers.get('refresh') ?? '', /^0; url=https:\/\/.*\/session\/end\?/);
    assert.equal((await browser.get(`${app.url}/`)).status, 302, 'signed out of Roleport');
  });
});

describe('web identity roles', () => {
  it("issues bob's web-identity role with his own ID token; the keys are his in the sandbox", async () => {
    const { browser } = await signIn('bob');
    const issued = await issueKeys(browser, 'sandbox-prod/WebDeveloper');
    assert.equal(issued.status, 200, issued.text.slice(0, 500));
    const keys = { accessKeyId: hidden(issued.text, 'accessKeyId') ?? '', secretAccessKey: hidden(issued.text, 'secretAccessKey') ?? '', sessionToken: hidden(issued.text, 'sessionToken') };
    assert.match(keys.accessKeyId, /^ASIA/);
    const sts = new STSClient({ region: 'us-east-1', endpoint: `${app.url}/sandbox/sts`, credentials: keys, maxAttempts: 1 });
    const caller = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(caller.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/WebDeveloper/bob`);
    const audit = audits('credentials.issued').find((a) => a.actor.username === 'bob');
    assert.equal(audit?.details.method, 'web-identity');
  });

  it("opens the AWS console (the sandbox's) for bob's web-identity role", async () => {
    const { browser } = await signIn('bob');
    const signin = await browser.get(`${app.url}/console/sandbox-prod/WebDeveloper`);
    assert.equal(signin.status, 302);
    assert.ok(signin.location?.startsWith(`${app.url}/sandbox/federation?`), signin.location);
    const consolePage = await browser.follow(signin);
    assert.equal(consolePage.status, 200);
    assert.match(consolePage.text, /arn:aws:sts::111111111111:assumed-role\/WebDeveloper\/bob/);
  });

  it('sends a person whose ID token has expired to sign in again', async () => {
    const browser = createBrowser({ ca: peer.ca.caPem });
    const back = await toCallback(browser, 'bob');
    // Expired a few seconds ago: inside the sign-in's clock tolerance, past what AWS accepts.
    const now = Math.floor(Date.now() / 1000);
    peer.rewriteNextIdToken((_original, claims) => peer.sign({ ...claims, iat: now - 3600, exp: now - 5 }));
    assert.equal((await browser.follow(back)).status, 200);
    const refused = await issueKeys(browser, 'sandbox-prod/WebDeveloper');
    assert.equal(refused.status, 401);
    assert.match(refused.text, /your sign-in has expired; sign in again/);
    assert.match(refused.text, /<a class="button primary" href="\/oidc\/corp\/login\?next=%2Froles%2Fsandbox-prod%2FWebDeveloper">Sign in again<\/a>/);
  });

  it('refuses a web-identity role to someone who did not sign in with OpenID Connect', async () => {
    const client = createClient(app.url);
    assert.equal((await client.login('bob', PASSWORDS.bob, 'break-glass')).status, 303);
    const csrf = await client.csrfToken('/keys/sandbox-prod/WebDeveloper');
    const refused = await client.post('/keys/sandbox-prod/WebDeveloper', { _csrf: csrf, duration: '900' });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /sandbox-prod\/WebDeveloper is opened with your OpenID Connect sign-in \(AssumeRoleWithWebIdentity\), but you signed in with &#39;break-glass&#39;/);
  });

  it('still issues assume-role roles to alice signed in with OIDC', async () => {
    const { browser } = await signIn('alice');
    const issued = await issueKeys(browser, 'sandbox-prod/Admin');
    assert.equal(issued.status, 200, issued.text.slice(0, 300));
    assert.match(issued.text, /arn:aws:sts::111111111111:assumed-role\/Admin\/alice/);
  });
});

describe("the provider's second factor", () => {
  /** Signs alice in through `source`, the provider's ID token saying she authenticated with `amr`. */
  async function signInWithAmr(source: string, amr: string[]) {
    const browser = createBrowser({ ca: peer.ca.caPem });
    const back = await toCallback(browser, 'alice', source);
    peer.rewriteNextIdToken((_original, claims) => peer.sign({ ...claims, amr }));
    assert.equal((await browser.follow(back)).status, 200);
    return browser;
  }

  it("counts an amr method as a verification only where the source's mfa.amr names it", async () => {
    // corp names no amr: alice's otp at the provider does not open the role that needs MFA.
    const corp = await signInWithAmr('corp', ['pwd', 'otp']);
    const asked = await corp.get(`${app.url}/keys/sandbox-prod/Audit`);
    assert.equal(asked.status, 303);
    assert.equal(asked.location, `${app.url}/mfa?next=${encodeURIComponent('/keys/sandbox-prod/Audit')}`);
    // otp-sso names otp: the same sign-in there opens it, and AWS gets the mfa tags (the trust policy demands them).
    const otp = await signInWithAmr('otp-sso', ['pwd', 'otp']);
    const issued = await issueKeys(otp, 'sandbox-prod/Audit');
    assert.equal(issued.status, 200, issued.text.slice(0, 300));
    assert.match(issued.text, /assumed-role\/Audit\/alice/);
    assert.equal(audits('login.succeeded').at(-1).details.mfa, true);
    // A password alone at otp-sso counts for nothing.
    const password = await signInWithAmr('otp-sso', ['pwd']);
    assert.equal((await password.get(`${app.url}/keys/sandbox-prod/Audit`)).status, 303);
  });

  it("sends alice back to the provider with max_age=0 when its second factor is older than mfa.maxAge, and on to the role after", async () => {
    // Her otp at the provider was two hours ago: too old for the default mfa.maxAge of 1 h.
    const browser = createBrowser({ ca: peer.ca.caPem });
    const back = await toCallback(browser, 'alice', 'otp-sso');
    peer.rewriteNextIdToken((_original, claims) => peer.sign({ ...claims, amr: ['otp'], auth_time: Math.floor(Date.now() / 1000) - 7200 }));
    assert.equal((await browser.follow(back)).status, 200);
    const asked = await browser.get(`${app.url}/keys/sandbox-prod/Audit`);
    assert.equal(asked.location, `${app.url}/mfa?next=${encodeURIComponent('/keys/sandbox-prod/Audit')}`);
    // Without a factor of Roleport's, /mfa is a fresh sign-in at the provider, not an enrolment.
    const mfa = await browser.get(asked.location);
    assert.equal(mfa.status, 303);
    const reauth = new URL(mfa.location ?? '');
    assert.equal(reauth.pathname, '/oidc/otp-sso/login');
    assert.equal(reauth.searchParams.get('fresh'), '1');
    const toProvider = await browser.get(reauth.href);
    assert.equal(new URL(toProvider.location ?? '').searchParams.get('max_age'), '0');
    // The provider asks her to sign in again (max_age=0), and this time the otp is new.
    const form = await browser.follow(toProvider, atProvider);
    const again = await browser.follow(await submitProviderLogin(browser, form, 'alice'), atProvider);
    peer.rewriteNextIdToken((_original, claims) => peer.sign({ ...claims, amr: ['otp'] }));
    const mfaAgain = await browser.get(again.location ?? '');
    assert.equal(mfaAgain.status, 303);
    assert.match(mfaAgain.location ?? '', /\/mfa\?next=%2Fkeys%2Fsandbox-prod%2FAudit&after=idp$/);
    const onward = await browser.get(new URL(mfaAgain.location ?? '', app.url).href);
    assert.equal(onward.status, 303);
    assert.equal(new URL(onward.location ?? '', app.url).pathname, '/keys/sandbox-prod/Audit');
    const issued = await issueKeys(browser, 'sandbox-prod/Audit');
    assert.equal(issued.status, 200, issued.text.slice(0, 300));
    assert.match(issued.text, /assumed-role\/Audit\/alice/);
  });

  it('offers a factor of its own when the fresh sign-in at the provider still reports none', async () => {
    const browser = await signInWithAmr('otp-sso', ['pwd']);
    const reauth = await browser.get(`${app.url}/mfa?next=${encodeURIComponent('/keys/sandbox-prod/Audit')}`);
    assert.equal(new URL(reauth.location ?? '').pathname, '/oidc/otp-sso/login');
    const form = await browser.follow(await browser.get(reauth.location ?? ''), atProvider);
    const again = await browser.follow(await submitProviderLogin(browser, form, 'alice'), atProvider);
    peer.rewriteNextIdToken((_original, claims) => peer.sign({ ...claims, amr: ['pwd'] }));
    const mfaAgain = await browser.get(again.location ?? '');
    const page = await browser.get(new URL(mfaAgain.location ?? '', app.url).href);
    assert.equal(page.status, 200);
    assert.match(page.text, /did not report a second factor/);
    assert.match(page.text, /Set up a second factor/);
  });
});
