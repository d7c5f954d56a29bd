// /admin/roles: alice revokes the AWS sessions of sandbox-prod/ReadOnly (Roleport's own account: IAM
// with its own keys) and of sandbox-dev/ReadOnly (through the account's revocation role). Keys issued
// before can no longer chain into a role that trusts ReadOnly nor sign in to the sandbox console; keys
// issued after can; the other account's ReadOnly is untouched until its own revocation. A broker without
// iam:PutRolePolicy gets a message naming it; bob is refused the pages and the action.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { DEMO_ACCOUNTS, demoAccessKeyId, demoConfig, demoSecrets } from '../../src/config/demo.ts';
import { api, deviceToken, signedIn } from '../api/device-helpers.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { type Client, hiddenField } from '../support/http-client.ts';

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken: string };
type Demo = { accounts: Record<string, unknown>[]; roles: Record<string, unknown>[]; sandbox: { roles: Record<string, unknown>[]; users: Record<string, unknown>[] } };

// The app's and the sandbox's clock: real time moved by `shift`, which the SDK clients follow.
let shift = 0;
const clock = () => new Date(Date.now() + shift);

/** The demo, plus a role in each account that trusts that account's ReadOnly: what older keys chain into. */
function demoWithAudit(url: string, change: (demo: Demo) => void = () => {}): Record<string, unknown> {
  const config = demoConfig(url, 3000, demoAccessKeyId()) as Record<string, unknown> & Demo;
  for (const account of Object.values(DEMO_ACCOUNTS))
    config.sandbox.roles.push({ account, name: 'Audit', trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:role/ReadOnly` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] } });
  change(config);
  return config;
}

async function admin(target: TestApp): Promise<Client> {
  return signedIn(target, 'alice', DEMO_PASSWORD);
}

async function keysFor(app: TestApp, token: string, role: string): Promise<Keys> {
  const answer = await api(app.url, `/roles/${role}/credentials`, { token, body: {} });
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return { accessKeyId: answer.json.AccessKeyId, secretAccessKey: answer.json.SecretAccessKey, sessionToken: answer.json.SessionToken };
}

/** Whether the keys may chain into the Audit role of `account`: 'ok', or AWS's refusal message. */
async function chain(app: TestApp, keys: Keys, account: string): Promise<string> {
  const client = new STSClient({ region: 'us-east-1', endpoint: `${app.url}/sandbox/sts`, credentials: keys, maxAttempts: 1, systemClockOffset: shift });
  try {
    await client.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Audit`, RoleSessionName: 'audit' }));
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  } finally {
    client.destroy();
  }
}

async function consoleSignIn(app: TestApp, keys: Keys): Promise<number> {
  const url = new URL(`${app.url}/sandbox/federation`);
  url.searchParams.set('Action', 'getSigninToken');
  url.searchParams.set('Session', JSON.stringify({ sessionId: keys.accessKeyId, sessionKey: keys.secretAccessKey, sessionToken: keys.sessionToken }));
  const response = await fetch(url);
  await response.text();
  return response.status;
}

async function revoke(client: Client, page: string): Promise<Response> {
  const html = await (await client.get(page)).text();
  return client.post(`${page}/revoke`, { _csrf: hiddenField(html, '_csrf') ?? '' });
}

const audited = (target: TestApp) => target.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === 'role.sessions-revoked').map((entry) => entry.audit);
const deniedMessage = (account: string) => `User: arn:aws:sts::${account}:assumed-role/ReadOnly/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/Audit with an explicit deny in an identity-based policy`;

describe('with the demo’s broker and revocation role', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: demoSecrets(), clock, config: (url) => demoWithAudit(url) });
  });
  after(() => app.close());

  test('alice revokes sandbox-prod/ReadOnly directly, then sandbox-dev/ReadOnly through its revocation role: older keys stop, newer keys work', async () => {
    const token = await deviceToken(app, 'alice', DEMO_PASSWORD);
    const prodBefore = await keysFor(app, token, 'sandbox-prod/ReadOnly');
    const devBefore = await keysFor(app, token, 'sandbox-dev/ReadOnly');
    assert.equal(await chain(app, prodBefore, DEMO_ACCOUNTS.prod), 'ok');
    assert.equal(await chain(app, devBefore, DEMO_ACCOUNTS.dev), 'ok');

    const alice = await admin(app);
    const list = await (await alice.get('/admin')).text();
    assert.match(list, /href="\/admin\/roles"/);
    assert.match(await (await alice.get('/admin/roles')).text(), /href="\/admin\/roles\/sandbox-prod\/ReadOnly"><strong>sandbox-prod\/ReadOnly/);
    const prodPage = await (await alice.get('/admin/roles/sandbox-prod/ReadOnly')).text();
    assert.match(prodPage, /Roleport calls IAM in this account with its own AWS identity, arn:aws:iam::111111111111:user\/roleport-broker\./);
    assert.match(prodPage, /Never revoked/);

    const asked = clock().getTime();
    const revoked = await revoke(alice, '/admin/roles/sandbox-prod/ReadOnly');
    assert.equal(revoked.status, 303);
    // The cutoff is the next whole second after the moment of the revocation.
    const at = new Date(new URL(revoked.headers.get('location') ?? '', app.url).searchParams.get('revoked') ?? '').getTime();
    assert.ok(at % 1000 === 0 && at > asked && at <= clock().getTime() + 1000, `cutoff ${at} for a revocation at ${asked}`);
    const cutoff = new Date(at).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
    const after = await (await alice.follow(revoked)).text();
    assert.match(after, new RegExp(`Sessions of sandbox-prod/ReadOnly issued before ${cutoff} are revoked\\. AWS applies it within a few minutes\\.`));
    assert.match(after, new RegExp(`Sessions issued before ${cutoff} were revoked \\(the role’s AWSRevokeOlderSessions policy says so\\)`));

    assert.equal(await chain(app, prodBefore, DEMO_ACCOUNTS.prod), deniedMessage(DEMO_ACCOUNTS.prod));
    assert.equal(await consoleSignIn(app, prodBefore), 403);
    assert.equal(await chain(app, devBefore, DEMO_ACCOUNTS.dev), 'ok', 'the other account’s ReadOnly is untouched');
    assert.equal(await consoleSignIn(app, devBefore), 200);

    const devPage = await (await alice.get('/admin/roles/sandbox-dev/ReadOnly')).text();
    assert.match(devPage, /Roleport assumes the account’s revocation role arn:aws:iam::222222222222:role\/RoleportRevocation and calls IAM as that role\./);
    assert.equal((await revoke(alice, '/admin/roles/sandbox-dev/ReadOnly')).status, 303);
    assert.equal(await chain(app, devBefore, DEMO_ACCOUNTS.dev), deniedMessage(DEMO_ACCOUNTS.dev));
    assert.equal(await consoleSignIn(app, devBefore), 403);

    shift += 1000;
    for (const [role, account] of [['sandbox-prod/ReadOnly', DEMO_ACCOUNTS.prod], ['sandbox-dev/ReadOnly', DEMO_ACCOUNTS.dev]] as const) {
      const later = await keysFor(app, token, role);
      assert.equal(await chain(app, later, account), 'ok', `keys of ${role} issued after the revocation`);
      assert.equal(await consoleSignIn(app, later), 200);
    }

    const events = audited(app);
    assert.deepEqual(events.map((e) => [e.outcome, e.actor.username, e.target.arn, e.details.via]), [
      ['success', 'alice', `arn:aws:iam::${DEMO_ACCOUNTS.prod}:role/ReadOnly`, 'own-account'],
      ['success', 'alice', `arn:aws:iam::${DEMO_ACCOUNTS.dev}:role/ReadOnly`, `arn:aws:iam::${DEMO_ACCOUNTS.dev}:role/RoleportRevocation`],
    ]);
  });

  test('bob gets 403 on the roles pages and on the revocation, and revokes nothing', async () => {
    const bob = await signedIn(app, 'bob', DEMO_PASSWORD);
    for (const path of ['/admin/roles', '/admin/roles/sandbox-prod/ReadOnly']) assert.equal((await bob.get(path)).status, 403, path);
    const before = audited(app).length;
    assert.equal((await bob.post('/admin/roles/sandbox-prod/ReadOnly/revoke', { _csrf: await bob.csrfToken('/sessions') })).status, 403);
    assert.equal(audited(app).length, before);
  });
});

describe('with a broker that lacks the IAM permissions and an account without a revocation role', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({
      env: demoSecrets(),
      clock,
      config: (url) => demoWithAudit(url, (demo) => {
        demo.sandbox.users[0].policies = [];
        delete demo.accounts[1].revocationRole;
      }),
    });
  });
  after(() => app.close());

  test('the revocation is refused with a message naming iam:PutRolePolicy, audited as refused, and the page says GetRolePolicy is missing', async () => {
    const alice = await admin(app);
    const page = await (await alice.get('/admin/roles/sandbox-prod/ReadOnly')).text();
    assert.match(page, /could not read the role’s AWSRevokeOlderSessions policy: AWS refused iam:GetRolePolicy on sandbox-prod\/ReadOnly/);
    const refused = await revoke(alice, '/admin/roles/sandbox-prod/ReadOnly');
    assert.equal(refused.status, 502);
    assert.match(await refused.text(), /AWS refused iam:PutRolePolicy on sandbox-prod\/ReadOnly: Roleport&#39;s own AWS identity \(arn:aws:iam::111111111111:user\/roleport-broker\) needs the permission iam:PutRolePolicy on arn:aws:iam::111111111111:role\/ReadOnly\./);
    const [event] = audited(app);
    assert.equal(event.outcome, 'error');
    assert.match(event.reason, /^iam_permission_missing: /);
  });

  test('for an account without a revocation role the page names the role to create and its permission, and offers no revocation', async () => {
    const alice = await admin(app);
    const page = await (await alice.get('/admin/roles/sandbox-dev/ReadOnly')).text();
    assert.match(page, /Create the role arn:aws:iam::222222222222:role\/RoleportRevocation, trusting arn:aws:iam::111111111111:user\/roleport-broker \(sts:AssumeRole\), with the permission iam:PutRolePolicy .* on the roles of this account, and name it in accounts\[\]\.revocationRole\./);
    assert.doesNotMatch(page, /Revoke sessions issued before now<\/button>/);
    const posted = await alice.post('/admin/roles/sandbox-dev/ReadOnly/revoke', { _csrf: hiddenField(page, '_csrf') ?? '' });
    assert.equal(posted.status, 409);
    assert.match(await posted.text(), /Roleport cannot call IAM in the account sandbox-dev: IAM acts only in the caller&#39;s own account, and this account has no revocation role\. Create the role arn:aws:iam::222222222222:role\/RoleportRevocation/);
  });
});

describe('federation-token roles', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({
      env: demoSecrets(),
      clock,
      config: (url) => demoWithAudit(url, (demo) => {
        demo.roles.push({ account: 'sandbox-prod', name: 'Visitor', method: 'federation-token', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] } });
      }),
    });
  });
  after(() => app.close());

  test('are listed as not revocable, their page offers no revocation, and a revocation posted anyway is refused', async () => {
    const alice = await admin(app);
    assert.match(await (await alice.get('/admin/roles')).text(), /sandbox-prod\/Visitor<\/strong><\/a> <span class="muted">\(federation-token: sessions cannot be revoked here\)/);
    const page = await (await alice.get('/admin/roles/sandbox-prod/Visitor')).text();
    assert.match(page, /is issued with GetFederationToken: there is no IAM role to put a revocation on/);
    assert.doesNotMatch(page, /Revoke sessions issued before now<\/button>/);
    const refused = await alice.post('/admin/roles/sandbox-prod/Visitor/revoke', { _csrf: await alice.csrfToken('/admin/roles/sandbox-prod/ReadOnly') });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /there is no role to put a revocation on/);
  });
});
