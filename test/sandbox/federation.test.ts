// The sandbox federation endpoint and console landing: getSigninToken and its SessionDuration rules,
// Action=login, the one-time 15-minute sign-in token, and the page that shows who is signed in.
import { AssumeRoleCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BROKER, DEV, type Keys, PROD, type TestSandbox, keysOf, startTestSandbox, sts } from './helpers.ts';

let sandbox: TestSandbox;
before(async () => {
  sandbox = await startTestSandbox();
});
after(async () => {
  await sandbox.close();
});

const ADMIN = `arn:aws:iam::${PROD}:role/Admin`;
const DEVELOPER = `arn:aws:iam::${DEV}:role/Developer`;

async function adminKeys(durationSeconds = 3600): Promise<Keys> {
  const answer = await sts(sandbox, BROKER).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'alice', DurationSeconds: durationSeconds, SourceIdentity: 'alice' }));
  return keysOf(answer.Credentials);
}

function sessionParam(keys: Keys): string {
  return JSON.stringify({ sessionId: keys.accessKeyId, sessionKey: keys.secretAccessKey, sessionToken: keys.sessionToken });
}

async function getSigninToken(keys: Keys, sessionDuration?: number | string): Promise<{ status: number; text: string; token?: string }> {
  const url = new URL(sandbox.federationUrl);
  url.searchParams.set('Action', 'getSigninToken');
  if (sessionDuration !== undefined) url.searchParams.set('SessionDuration', String(sessionDuration));
  url.searchParams.set('Session', sessionParam(keys));
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, text, token: response.ok ? (JSON.parse(text) as { SigninToken: string }).SigninToken : undefined };
}

function loginUrl(token: string, destination = `${sandbox.consoleUrl}/ec2/home?region=us-east-1`, issuer = 'https://roleport.example.com/'): string {
  const url = new URL(sandbox.federationUrl);
  url.searchParams.set('Action', 'login');
  url.searchParams.set('Issuer', issuer);
  url.searchParams.set('Destination', destination);
  url.searchParams.set('SigninToken', token);
  return url.toString();
}

describe('getSigninToken', () => {
  test('credentials from AssumeRole with an IAM user’s keys get a sign-in token, with or without a SessionDuration', async () => {
    const keys = await adminKeys();
    for (const duration of [undefined, 900, 43200]) {
      const answer = await getSigninToken(keys, duration);
      assert.equal(answer.status, 200, answer.text);
      assert.match(answer.token ?? '', /^[A-Za-z0-9_-]{20,}$/);
    }
  });

  test('a SessionDuration outside 900-43200 seconds is refused with HTTP 400', async () => {
    const keys = await adminKeys();
    for (const duration of [899, 43201, 'soon']) assert.equal((await getSigninToken(keys, duration)).status, 400, `SessionDuration=${duration}`);
  });

  test('role-chained credentials sign in only without SessionDuration: "Invalid credentials parameter"', async () => {
    const chained = keysOf((await sts(sandbox, await adminKeys()).send(new AssumeRoleCommand({ RoleArn: DEVELOPER, RoleSessionName: 'alice' }))).Credentials);
    const refused = await getSigninToken(chained, 3600);
    assert.deepEqual([refused.status, refused.text.trim()], [400, 'Invalid credentials parameter']);
    assert.equal((await getSigninToken(chained)).status, 200);
  });

  test('GetFederationToken credentials sign in only without SessionDuration', async () => {
    const bob = keysOf((await sts(sandbox, BROKER).send(new GetFederationTokenCommand({ Name: 'bob' }))).Credentials);
    const refused = await getSigninToken(bob, 3600);
    assert.deepEqual([refused.status, refused.text.trim()], [400, 'Invalid credentials parameter']);
    assert.equal((await getSigninToken(bob)).status, 200);
  });

  test('GetSessionToken credentials, long-term keys, a wrong secret or a broken Session are refused with HTTP 400', async () => {
    const sessionKeys = keysOf((await sts(sandbox, BROKER).send(new GetSessionTokenCommand({}))).Credentials);
    const admin = await adminKeys();
    for (const keys of [sessionKeys, { ...BROKER, sessionToken: admin.sessionToken }, { ...admin, secretAccessKey: `${admin.secretAccessKey.slice(0, -1)}x` }]) {
      const answer = await getSigninToken(keys);
      assert.deepEqual([answer.status, answer.text.trim()], [400, 'Invalid credentials parameter']);
    }
    const broken = await fetch(`${sandbox.federationUrl}?Action=getSigninToken&Session=%7Bnot-json`);
    assert.equal(broken.status, 400);
  });

  test('expired credentials are refused with HTTP 400', async () => {
    const keys = await adminKeys(900);
    sandbox.clock.advance(901_000);
    try {
      assert.equal((await getSigninToken(keys)).status, 400);
    } finally {
      sandbox.clock.advance(-901_000);
    }
  });

  test('getSigninToken also answers a form POST', async () => {
    const keys = await adminKeys();
    const response = await fetch(sandbox.federationUrl, { method: 'POST', body: new URLSearchParams({ Action: 'getSigninToken', Session: sessionParam(keys), SessionDuration: '1800' }) });
    assert.equal(response.status, 200);
    assert.ok((await response.json() as { SigninToken: string }).SigninToken);
  });
});

describe('login and the console landing', () => {
  test('login redirects to the destination, whose page shows the assumed-role ARN, account, destination and Issuer, and says it is not AWS', async () => {
    const { token } = await getSigninToken(await adminKeys(), 1800);
    const redirect = await fetch(loginUrl(token ?? ''), { redirect: 'manual' });
    assert.equal(redirect.status, 302);
    const location = redirect.headers.get('location') ?? '';
    assert.ok(location.startsWith(`${sandbox.consoleUrl}/ec2/home?region=us-east-1&sandboxSession=`), location);
    assert.match(redirect.headers.get('set-cookie') ?? '', /^roleport_sandbox_console=[\w-]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const page = await fetch(location);
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.ok(html.includes(`arn:aws:sts::${PROD}:assumed-role/Admin/alice`));
    assert.ok(html.includes('assumed-role/Admin/alice'));
    assert.ok(html.includes(`<dt>Account</dt><dd>${PROD}</dd>`));
    assert.ok(html.includes(`<code>${sandbox.consoleUrl}/ec2/home?region=us-east-1</code>`), 'the destination, without the session id');
    assert.ok(html.includes('<a href="https://roleport.example.com/" rel="noreferrer">https://roleport.example.com/</a>'));
    assert.ok(html.includes('It is not AWS'));
    assert.ok(!/<script|style=/.test(html), 'no inline script or style');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const expiry = /<time datetime="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.ok(Math.abs(Date.parse(expiry) - (Date.now() + 1800_000)) < 5_000, `console session expiry ${expiry} is SessionDuration from now`);
  });

  test('the console session cookie alone also opens the landing page', async () => {
    const { token } = await getSigninToken(await adminKeys());
    const redirect = await fetch(loginUrl(token ?? '', `${sandbox.consoleUrl}/`), { redirect: 'manual' });
    const cookie = (redirect.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await fetch(`${sandbox.consoleUrl}/s3`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.ok((await page.text()).includes('assumed-role/Admin/alice'));
  });

  test('a sign-in token works once', async () => {
    const { token } = await getSigninToken(await adminKeys());
    assert.equal((await fetch(loginUrl(token ?? ''), { redirect: 'manual' })).status, 302);
    const again = await fetch(loginUrl(token ?? ''), { redirect: 'manual' });
    assert.equal(again.status, 400);
    assert.ok((await again.text()).includes('This sign-in link has expired, was already used, or was never issued.'));
  });

  test('a sign-in token lasts 15 minutes', async () => {
    const { token } = await getSigninToken(await adminKeys(7200));
    sandbox.clock.advance(15 * 60_000 + 1_000);
    try {
      assert.equal((await fetch(loginUrl(token ?? ''), { redirect: 'manual' })).status, 400);
    } finally {
      sandbox.clock.advance(-(15 * 60_000 + 1_000));
    }
  });

  test('a destination outside the sandbox console is refused without spending the token', async () => {
    const { token } = await getSigninToken(await adminKeys());
    for (const destination of ['https://console.aws.amazon.com/', `${sandbox.url}/federation`, `${sandbox.url}/consolex`, 'not a url']) {
      const response = await fetch(loginUrl(token ?? '', destination), { redirect: 'manual' });
      assert.equal(response.status, 400, destination);
      assert.ok((await response.text()).includes('The Destination must be a page of the sandbox console'));
    }
    assert.equal((await fetch(loginUrl(token ?? ''), { redirect: 'manual' })).status, 302);
  });

  test('the landing page refuses a missing or expired console session', async () => {
    const none = await fetch(`${sandbox.consoleUrl}/`);
    assert.equal(none.status, 401);
    assert.ok((await none.text()).includes('Not signed in to the sandbox console'));
    const { token } = await getSigninToken(await adminKeys(), 900);
    const location = (await fetch(loginUrl(token ?? ''), { redirect: 'manual' })).headers.get('location') ?? '';
    assert.equal((await fetch(location)).status, 200);
    sandbox.clock.advance(901_000);
    try {
      assert.equal((await fetch(location)).status, 401);
    } finally {
      sandbox.clock.advance(-901_000);
    }
  });

  test('an Issuer that is not an http(s) URL is shown as escaped text, not a link', async () => {
    const { token } = await getSigninToken(await adminKeys());
    const location = (await fetch(loginUrl(token ?? '', undefined, 'javascript:alert(1)<b>'), { redirect: 'manual' })).headers.get('location') ?? '';
    const html = await (await fetch(location)).text();
    assert.ok(html.includes('<span>javascript:alert(1)&lt;b&gt;</span>'));
  });

  test('the page’s stylesheet is served by the sandbox itself', async () => {
    const css = await fetch(`${sandbox.url}/sandbox.css`);
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  });
});
