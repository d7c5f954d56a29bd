// Access that ends when the directory says so: bob signs in through LDAP (a real slapd, looked up
// again with the service account); once session.recheckAfter has passed (an injected clock), a bob
// disabled in slapd mid-session gets no new keys, through the page and through the API, is told why,
// and every session and CLI token he holds is ended and audited. While he is enabled, the recheck
// keeps issuing; a bob taken out of the granting group is refused the same way.
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoAccessKeyId, demoConfig, demoSecrets } from '../../src/config/demo.ts';
import { api, deviceToken } from '../api/device-helpers.ts';
import { ADMIN_DN, ADMIN_PASSWORD, BASE_DN, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../peers/slapd.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';

const BOB_DN = `uid=bob,ou=people,${BASE_DN}`;
const DISABLED = 'Corp directory says this account is disabled or locked, so Roleport issued nothing and ended your sessions and CLI tokens';

// Real time moved by `shift`: the sandbox's SigV4 window follows it, so moves stay within minutes.
let shift = 0;
const clock = () => new Date(Date.now() + shift);
const pass = (minutes: number) => void (shift += minutes * 60_000);

let slapd: Slapd;
let app: TestApp;
/** The same directory bound as each user (users.dnTemplate): nobody can be looked up again. */
let directBind: TestApp;

/** The demo with `users` of the LDAP source as given, bound with the service account unless `direct`. */
function ldapApp(users: Record<string, unknown>, direct = false): Promise<TestApp> {
  return startTestApp({
    clock,
    env: { ...demoSecrets(), LDAP_BIND_PASSWORD: SERVICE_PASSWORD },
    config: (url) => ({
      ...demoConfig(url, 3000, demoAccessKeyId()),
      session: { secret: 'env:ROLEPORT_DEMO_SESSION_SECRET', recheckAfter: '2m' },
      identity: [{
        id: 'corp',
        type: 'ldap',
        label: 'Corp directory',
        urls: [slapd.ldapUrl],
        ...(direct ? {} : { bind: { dn: SERVICE_DN, password: 'env:LDAP_BIND_PASSWORD' } }),
        users,
        groups: { strategy: 'recursive', base: `ou=groups,${BASE_DN}` },
      }],
    }),
  });
}

before(async () => {
  slapd = await startSlapd();
  app = await ldapApp({ base: `ou=people,${BASE_DN}` });
  directBind = await ldapApp({ base: `ou=people,${BASE_DN}`, dnTemplate: `uid={username},ou=people,${BASE_DN}` }, true);
});
after(async () => {
  await app?.close();
  await directBind?.close();
  await slapd?.close();
});

function ldapModify(ldif: string): void {
  execFileSync('ldapmodify', ['-x', '-H', slapd.ldapUrl, '-D', ADMIN_DN, '-w', ADMIN_PASSWORD], { input: ldif, stdio: ['pipe', 'pipe', 'pipe'] });
}
const setBobAccountControl = (value: number) => ldapModify(`dn: ${BOB_DN}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: ${value}\n`);

async function bobInBrowser(target: TestApp = app): Promise<Client> {
  const client = createClient(target.url);
  assert.equal((await client.login('bob', 'bob-password')).status, 303);
  return client;
}

async function keysPage(client: Client): Promise<{ status: number; html: string }> {
  const form = await (await client.get('/keys/sandbox-prod/ReadOnly')).text();
  const response = await client.post('/keys/sandbox-prod/ReadOnly', { _csrf: hiddenField(form, '_csrf') ?? '', duration: '3600' });
  return { status: response.status, html: await response.text() };
}

const apiKeys = (token: string, target: TestApp = app) => api(target.url, '/roles/sandbox-prod/ReadOnly/credentials', { token, body: {} });
const audits = (event: string) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === event).map((entry) => entry.audit);

test('an enabled bob keeps getting keys after recheckAfter: the directory is asked again and says yes', async () => {
  const browser = await bobInBrowser();
  pass(3);
  assert.equal((await keysPage(browser)).status, 200);
  assert.equal((await apiKeys(await deviceToken(app.url, 'bob', 'bob-password'))).status, 200);
});

test('bob, disabled in slapd mid-session, gets no keys through the API once recheckAfter has passed, is told why, and his browser session ends too', async () => {
  const browser = await bobInBrowser();
  const token = await deviceToken(app.url, 'bob', 'bob-password');
  setBobAccountControl(514);
  try {
    const young = await apiKeys(token);
    assert.equal(young.status, 200, `before recheckAfter his sign-in is trusted as it is: ${JSON.stringify(young.json)}`);
    pass(3);
    const refused = await apiKeys(token);
    assert.equal(refused.status, 403);
    assert.deepEqual([refused.json.error.code, refused.json.error.message], ['access_ended', DISABLED]);
    assert.equal((await api(app.url, '/me', { token })).status, 401, 'the token is ended');
    assert.equal((await browser.get('/')).status, 302, 'so is the browser session');
    assert.ok(audits('credentials.refused').some((e) => e.actor.username === 'bob' && e.reason === `access_ended: ${DISABLED}`));
    assert.ok(audits('token.revoked').some((e) => e.target.username === 'bob' && e.details.via === 'recheck'));
    assert.ok(audits('session.ended').some((e) => e.target.username === 'bob' && e.details.via === 'recheck'));
  } finally {
    setBobAccountControl(512);
  }
});

test('bob, disabled in slapd mid-session, gets no keys through the page once recheckAfter has passed, is told why, and his CLI token ends too', async () => {
  const browser = await bobInBrowser();
  const token = await deviceToken(app.url, 'bob', 'bob-password');
  setBobAccountControl(514);
  try {
    pass(3);
    const refused = await keysPage(browser);
    assert.equal(refused.status, 403);
    assert.match(refused.html, /Corp directory says this account is disabled or locked, so Roleport issued nothing and ended your sessions and CLI tokens/);
    assert.equal((await browser.get('/')).status, 302, 'signed out');
    assert.equal((await api(app.url, '/me', { token })).status, 401);
  } finally {
    setBobAccountControl(512);
  }
});

test('bob, taken out of the group that grants sandbox-prod/ReadOnly, is refused and told so', async () => {
  const browser = await bobInBrowser();
  ldapModify(`dn: cn=developers,ou=groups,${BASE_DN}\nchangetype: modify\ndelete: member\nmember: ${BOB_DN}\n`);
  try {
    pass(3);
    const refused = await keysPage(browser);
    assert.equal(refused.status, 403);
    assert.match(refused.html, /Corp directory says you are no longer in a group that grants sandbox-prod\/ReadOnly, so Roleport issued nothing/);
  } finally {
    ldapModify(`dn: cn=developers,ou=groups,${BASE_DN}\nchangetype: modify\nadd: member\nmember: ${BOB_DN}\n`);
  }
});

test('with a source that binds as the user, the sign-in ends at recheckAfter: the browser is signed out and the token gets no keys, told to sign in again', async () => {
  const browser = await bobInBrowser(directBind);
  const token = await deviceToken(directBind.url, 'bob', 'bob-password');
  assert.equal((await apiKeys(token, directBind)).status, 200);
  assert.equal((await browser.get('/')).status, 200);
  pass(3);
  assert.equal((await browser.get('/')).status, 302, 'signed out');
  const refused = await apiKeys(token, directBind);
  assert.equal(refused.status, 401);
  assert.deepEqual([refused.json.error.code, refused.json.error.message], ['sign_in_again', 'your sign-in is more than 2 minutes old and Corp directory cannot check it again without your password: sign in again']);
  assert.equal((await api(directBind.url, '/me', { token })).status, 401, 'the token is ended');
  assert.equal((await bobInBrowser(directBind).then((again) => again.get('/'))).status, 200, 'signing in again works');
});
