// Console links in the demo: alice goes straight to the sandbox console; cross-site links confirm first.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { consoleLoginUrl } from '../support/console-login.ts';
import { createClient, hiddenField } from '../support/http-client.ts';
import { markStepUp } from '../support/step-up.ts';

let app: TestApp;
before(async () => {
  app = await startTestApp({ demo: true });
});
after(() => app.close());

const auditEvents = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit).map((entry) => entry.audit);

/** Signed in, and past step-up (sandbox-prod/Admin needs MFA; test/web/step-up.test.ts covers that). */
async function signedIn(username: 'alice' | 'bob') {
  const client = createClient(app.url);
  const response = await client.login(username, DEMO_PASSWORD);
  assert.equal(response.status, 303);
  await markStepUp(app, client);
  return client;
}

const ADMIN = '/console/sandbox-prod/Admin';

describe('a console link', () => {
  test('takes alice from a same-origin click straight to AWS sign-in (302, not cached) and on to the sandbox console as assumed-role/Admin/alice', async () => {
    const client = await signedIn('alice');
    const response = await client.get(ADMIN, { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const logout = new URL(response.headers.get('location')!);
    assert.equal(`${logout.origin}${logout.pathname}`, `${app.url}/sandbox/oauth`, 'through the console logout first');
    const location = consoleLoginUrl(logout.href);
    assert.equal(`${location.origin}${location.pathname}`, `${app.url}/sandbox/federation`);
    assert.equal(location.searchParams.get('Action'), 'login');
    assert.equal(location.searchParams.get('Issuer'), app.url);
    assert.equal(location.searchParams.get('Destination'), `${app.url}/sandbox/console/`);
    const page = await client.follow(response);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /assumed-role\/Admin\/alice/);
    assert.match(html, /111111111111/);
  });

  test('goes straight to AWS for a typed or bookmarked request (no Sec-Fetch-Site and no Origin)', async () => {
    const client = await signedIn('alice');
    const response = await client.get(ADMIN);
    assert.equal(response.status, 302);
    assert.match(consoleLoginUrl(response.headers.get('location')!).href, /\/sandbox\/federation\?Action=login&/);
  });

  test('brings a signed-out bookmark through the login page and back to the console', async () => {
    const client = createClient(app.url);
    const first = await client.get(ADMIN);
    assert.equal(first.status, 302);
    assert.equal(first.headers.get('location'), `/login?next=${encodeURIComponent(ADMIN)}`);
    const login = await client.login('alice', DEMO_PASSWORD, undefined, ADMIN);
    assert.equal(login.status, 303);
    assert.equal(login.headers.get('location'), ADMIN);
    await markStepUp(app, client);
    const page = await client.follow(login);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /assumed-role\/Admin\/alice/);
  });

  test('shows a confirmation page to a cross-site request, and its POST button opens the console', async () => {
    const client = await signedIn('alice');
    const opened = () => auditEvents().filter((e) => e.event === 'console.opened').length;
    const before = opened();
    const response = await client.get(ADMIN, { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.match(html, /A link from another site asks to open the AWS console as\s+<strong>Admin<\/strong> in <strong>sandbox-prod<\/strong>/);
    assert.match(html, /<form method="post" action="\/console\/sandbox-prod\/Admin">/);
    assert.equal(opened(), before, 'nothing is issued before the person confirms');
    const confirmed = await client.post(ADMIN, { _csrf: hiddenField(html, '_csrf')! });
    assert.equal(confirmed.status, 303);
    assert.equal(confirmed.headers.get('cache-control'), 'no-store');
    const page = await client.follow(confirmed);
    assert.match(await page.text(), /assumed-role\/Admin\/alice/);
    assert.equal(opened(), before + 1);
  });

  test('treats an Origin of another site (without Fetch Metadata) as cross-site', async () => {
    const client = await signedIn('alice');
    const response = await client.get(ADMIN, { headers: { origin: 'https://evil.example' } });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /Open the AWS console\?/);
    const same = await client.get(ADMIN, { headers: { origin: app.url } });
    assert.equal(same.status, 302);
  });

  test('issues nothing for a HEAD request or a browser prefetch: they get the confirmation page', async () => {
    const client = await signedIn('alice');
    const opened = () => auditEvents().filter((e) => e.event === 'console.opened').length;
    const before = opened();
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const head = await fetch(`${app.url}${ADMIN}`, { method: 'HEAD', headers: { cookie }, redirect: 'manual' });
    assert.equal(head.status, 200);
    const prefetch = await client.get(ADMIN, { headers: { 'sec-purpose': 'prefetch', 'sec-fetch-site': 'same-origin' } });
    assert.equal(prefetch.status, 200);
    assert.match(await prefetch.text(), /Open the AWS console\?/);
    assert.equal(opened(), before);
  });

  test('refuses the confirmation POST without its CSRF token', async () => {
    const client = await signedIn('alice');
    const response = await client.post(ADMIN, {});
    assert.equal(response.status, 403);
  });

  test('gives bob 403 on an alice-only role', async () => {
    const client = await signedIn('bob');
    const response = await client.get(ADMIN, { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /you are not entitled to the role &#39;sandbox-prod\/Admin&#39;/);
    assert.ok(auditEvents().some((e) => e.event === 'role.refused' && e.actor.username === 'bob' && e.target.role === 'Admin'));
  });

  test('refuses a destination outside the allow-list, and audits the refusal', async () => {
    const client = await signedIn('alice');
    const response = await client.get(`${ADMIN}?destination=${encodeURIComponent('https://evil.example/')}`);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /Roleport opens the AWS console only at the destinations its administrator allows, and this link asks for another one\./);
    const refused = auditEvents().find((e) => e.event === 'console.refused');
    assert.equal(refused?.actor.username, 'alice');
    assert.match(refused?.reason, /^destination_not_allowed: /);
  });

  test('opens an allowed deep link inside the console', async () => {
    const client = await signedIn('alice');
    const destination = `${app.url}/sandbox/console/s3/home`;
    const response = await client.get(`${ADMIN}?destination=${encodeURIComponent(destination)}`);
    assert.equal(response.status, 302);
    assert.equal(consoleLoginUrl(response.headers.get('location')!).searchParams.get('Destination'), destination);
  });

  test('audits every opening with who, which role, the session and the STS request id, and never logs the sign-in URL', async () => {
    const client = await signedIn('alice');
    const response = await client.get(ADMIN);
    const location = response.headers.get('location')!;
    const token = consoleLoginUrl(location).searchParams.get('SigninToken')!;
    const event = auditEvents().filter((e) => e.event === 'console.opened').at(-1);
    assert.equal(event.outcome, 'success');
    assert.equal(event.actor.username, 'alice');
    assert.deepEqual(event.target, { account: 'sandbox-prod', accountId: '111111111111', role: 'Admin', arn: 'arn:aws:iam::111111111111:role/Admin' });
    assert.equal(event.details.method, 'assume-role');
    assert.equal(event.details.sessionName, 'alice');
    assert.equal(event.details.sourceIdentity, 'alice');
    assert.equal(event.details.durationSeconds, 43200);
    assert.match(event.details.stsRequestId, /\w{8,}/);
    assert.equal(event.client.ip, '127.0.0.1');
    const everything = app.logs.join('\n');
    assert.ok(token.length > 10);
    assert.ok(!everything.includes(token), 'the sign-in token is not in the log');
    // The sandbox's own access log shows the login request with its token redacted, nothing more.
    assert.deepEqual([...everything.matchAll(/SigninToken=([^&"\s]*)/g)].map((m) => m[1]).filter((v) => v !== '[Redacted]'), []);
  });
});
