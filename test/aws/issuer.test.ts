import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type Issuer, createIssuer } from '../../src/aws/index.ts';
import type { RoleportConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import type { SandboxServer } from '../../src/sandbox/index.ts';
import { BROKER_KEY_ID, ENV, PARTNER, PROD, type Urls, alice, entitlementFor, roleportConfig, startSandbox, urlsOf } from './sandbox-fixture.ts';
import { refusal } from '../support/refusal.ts';

const logger = createLogger({ level: 'silent' });


async function callerArn(stsUrl: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string }): Promise<string | undefined> {
  const client = new STSClient({ region: 'us-east-1', endpoint: stsUrl, credentials });
  try {
    return (await client.send(new GetCallerIdentityCommand({}))).Arn;
  } finally {
    client.destroy();
  }
}

describe('the issuer against the sandbox STS', () => {
  let sandbox: SandboxServer;
  let urls: Urls;
  let config: RoleportConfig;
  let issuer: Issuer;
  const issuers: Issuer[] = [];
  const make = (c: RoleportConfig) => {
    const made = createIssuer({ config: c, logger });
    issuers.push(made);
    return made;
  };

  before(async () => {
    sandbox = await startSandbox();
    urls = urlsOf(sandbox);
    config = roleportConfig(urls);
    issuer = make(config);
  });
  after(async () => {
    await Promise.all(issuers.map((i) => i.close()));
    await sandbox.close();
  });

  it("assumes alice's role with her session name, source identity and tags; the keys act as assumed-role/Admin/alice", async () => {
    const issued = await issuer.issueCredentials({ identity: alice, entitlement: entitlementFor(config, alice, 'prod/Admin') });
    assert.equal(issued.arn, `arn:aws:sts::${PROD}:assumed-role/Admin/alice`);
    assert.equal(issued.sessionName, 'alice');
    assert.equal(issued.sourceIdentity, 'alice');
    assert.equal(issued.method, 'assume-role');
    assert.equal(issued.durationSeconds, 43200);
    assert.equal(issued.consoleSessionDuration, 43200);
    assert.equal(issued.sandbox, true);
    assert.equal(issued.stsEndpoint, urls.sts);
    assert.equal(issuer.sandboxStsUrl, urls.sts);
    assert.deepEqual(issued.notices, []);
    assert.ok(issued.stsRequestId, 'the STS request id is kept for the audit');
    assert.match(issued.accessKeyId, /^ASIA/);
    assert.ok(issued.expiration.getTime() > Date.now() + 11 * 3600_000);
    assert.equal(await callerArn(urls.sts, issued), issued.arn);
  });

  it('gives a shorter session when one is asked for', async () => {
    const issued = await issuer.issueCredentials({ identity: alice, entitlement: entitlementFor(config, alice, 'prod/Admin'), durationSeconds: 1800 });
    assert.equal(issued.durationSeconds, 1800);
    assert.ok(issued.expiration.getTime() <= Date.now() + 1800_000 + 5000);
  });

  it('calls GetFederationToken with the role policy for a federation-token role; its console session omits SessionDuration', async () => {
    const entitlement = entitlementFor(config, alice, 'prod/Fed');
    const issued = await issuer.issueCredentials({ identity: alice, entitlement });
    assert.equal(issued.arn, `arn:aws:sts::${PROD}:federated-user/alice`);
    assert.equal(issued.method, 'federation-token');
    assert.equal(issued.durationSeconds, 129600);
    assert.equal(issued.consoleSessionDuration, undefined);
    assert.equal(await callerArn(urls.sts, issued), issued.arn);
    // The sandbox, like AWS, refuses SessionDuration with GetFederationToken credentials.
    const { url } = await issuer.consoleSignIn({ identity: alice, entitlement });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /federated-user\/alice/);
  });

  it("sends the account's ExternalId, which the partner role's trust policy requires", async () => {
    const issued = await issuer.issueCredentials({ identity: alice, entitlement: entitlementFor(config, alice, 'partner/Partner') });
    assert.equal(issued.arn, `arn:aws:sts::${PARTNER}:assumed-role/Partner/alice`);
    const withoutId = roleportConfig(urls, {}, { accounts: [{ id: PROD, name: 'prod' }, { id: PARTNER, name: 'partner' }] });
    const error = await refusal(make(withoutId).issueCredentials({ identity: alice, entitlement: entitlementFor(withoutId, alice, 'partner/Partner') }));
    assert.equal(error.code, 'sts_access_denied');
  });

  it("says the trust policy does not allow Roleport when AWS answers AccessDenied, with STS's request id", async () => {
    const error = await refusal(issuer.issueCredentials({ identity: alice, entitlement: entitlementFor(config, alice, 'prod/Locked') }));
    assert.equal(error.status, 502);
    assert.equal(error.code, 'sts_access_denied');
    assert.equal(error.message, "AWS refused AssumeRole for prod/Locked: this role's trust policy does not allow Roleport to assume it (with this session name, source identity, tags or external id). An AWS administrator of the role's account must allow it.");
    assert.match(error.detail ?? '', /STS request id: [\w-]{8,}$/);
    assert.match(error.detail ?? '', /^Role: arn:aws:iam::111111111111:role\/Locked — AWS said: /);
  });

  it("refuses before calling STS when alice lacks an attribute a session tag needs", async () => {
    const noDepartment = { ...alice, attributes: {} };
    const error = await refusal(issuer.issueCredentials({ identity: noDepartment, entitlement: entitlementFor(config, noDepartment, 'prod/Admin') }));
    assert.equal(error.status, 403);
    assert.equal(error.message, "Roleport cannot open prod/Admin for you: its session tag 'department' needs your department, and your account has none.");
  });

  it("says Roleport's own credentials are wrong when its secret key is", async () => {
    const wrong = roleportConfig(urls, { credentials: { accessKeyId: BROKER_KEY_ID, secretAccessKey: 'env:WRONG' } }, {}, { WRONG: 'not-the-broker-secret' });
    const error = await refusal(make(wrong).issueCredentials({ identity: alice, entitlement: entitlementFor(wrong, alice, 'prod/Admin') }));
    assert.equal(error.status, 503);
    assert.equal(error.code, 'broker_credentials_invalid');
    assert.match(error.message, /^Roleport's own AWS credentials are wrong: AWS says the secret key does not match the access key/);
    const unknown = roleportConfig(urls, { credentials: { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'env:WRONG' } }, {}, { WRONG: 'x' });
    const unknownError = await refusal(make(unknown).issueCredentials({ identity: alice, entitlement: entitlementFor(unknown, alice, 'prod/Admin') }));
    assert.equal(unknownError.message, "Roleport's own AWS credentials are wrong: AWS does not know its access key. The Roleport administrator must fix aws.credentials.");
  });

  it('caps sessions at 1 hour, says why, and leaves out SessionDuration when Roleport runs on role credentials', async () => {
    const broker = new STSClient({ region: 'us-east-1', endpoint: urls.sts, credentials: { accessKeyId: BROKER_KEY_ID, secretAccessKey: ENV.BROKER_SECRET } });
    const hop = await broker.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${PROD}:role/BrokerHop`, RoleSessionName: 'roleport', DurationSeconds: 43200 }));
    broker.destroy();
    const chainedConfig = roleportConfig(
      urls,
      { credentials: { accessKeyId: 'env:HOP_KEY', secretAccessKey: 'env:HOP_SECRET', sessionToken: 'env:HOP_TOKEN' } },
      {},
      { HOP_KEY: hop.Credentials!.AccessKeyId!, HOP_SECRET: hop.Credentials!.SecretAccessKey!, HOP_TOKEN: hop.Credentials!.SessionToken! },
    );
    const chained = make(chainedConfig);
    const entitlement = entitlementFor(chainedConfig, alice, 'prod/Admin');
    const issued = await chained.issueCredentials({ identity: alice, entitlement });
    assert.equal(issued.arn, `arn:aws:sts::${PROD}:assumed-role/Admin/alice`);
    assert.equal(issued.durationSeconds, 3600);
    assert.equal(issued.consoleSessionDuration, undefined);
    assert.equal(issued.sandbox, true);
    assert.deepEqual(issued.notices, ['This session lasts 1h instead of 12h: Roleport signs in to AWS with temporary role credentials, and AWS limits sessions of a role assumed from another role (role chaining) to 1 hour.']);
    // The sandbox, like AWS, answers "Invalid credentials parameter" to SessionDuration after role chaining.
    const { url } = await chained.consoleSignIn({ identity: alice, entitlement });
    assert.equal(new URL(url).searchParams.get('Action'), 'login');
    const fed = await refusal(chained.issueCredentials({ identity: alice, entitlement: entitlementFor(chainedConfig, alice, 'prod/Fed') }));
    assert.equal(fed.code, 'federation_token_needs_iam_user');
  });

  it("finds Roleport's own keys through the SDK provider chain with aws.credentials: default, and sees they are long-term", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: BROKER_KEY_ID, AWS_SECRET_ACCESS_KEY: ENV.BROKER_SECRET, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    try {
      const chainConfig = roleportConfig(urls, { credentials: 'default' });
      const issued = await make(chainConfig).issueCredentials({ identity: alice, entitlement: entitlementFor(chainConfig, alice, 'prod/Admin') });
      assert.equal(issued.arn, `arn:aws:sts::${PROD}:assumed-role/Admin/alice`);
      assert.equal(issued.consoleSessionDuration, 43200);
      assert.equal(issued.durationSeconds, 43200);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  it('retries a throttled call with the SDK standard retries, then says STS is limiting Roleport', async () => {
    let attempts = 0;
    const throttling = createServer((_req, res) => {
      attempts++;
      res.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': `throttle-${attempts}` });
      res.end('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>x</RequestId></ErrorResponse>');
    });
    await new Promise<void>((resolve) => throttling.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(throttling.address() as AddressInfo).port}`;
    try {
      const throttled = roleportConfig({ ...urls, sts: `${base}/sts` }, { stsTimeout: 10 });
      const error = await refusal(make(throttled).issueCredentials({ identity: alice, entitlement: entitlementFor(throttled, alice, 'prod/Admin') }));
      assert.equal(attempts, 3);
      assert.equal(error.status, 503);
      assert.equal(error.message, 'AWS STS is limiting how fast Roleport may call it. Try again in a minute.');
      assert.match(error.detail ?? '', /AWS said: Rate exceeded — STS request id: throttle-3$/);
    } finally {
      throttling.closeAllConnections();
      await new Promise<void>((resolve) => throttling.close(() => resolve()));
    }
  });

  it('opens the sandbox console as assumed-role/Admin/alice through a sign-in URL on the federation endpoint', async () => {
    const { url, credentials, destination } = await issuer.consoleSignIn({ identity: alice, entitlement: entitlementFor(config, alice, 'prod/Admin') });
    const login = new URL(url);
    assert.equal(`${login.origin}${login.pathname}`, urls.federation);
    assert.equal(login.searchParams.get('Action'), 'login');
    assert.equal(login.searchParams.get('Issuer'), 'https://roleport.example.test');
    assert.equal(login.searchParams.get('Destination'), `${urls.console}/`);
    assert.equal(destination, `${urls.console}/`);
    assert.equal(credentials.consoleSessionDuration, 43200);
    let response = await fetch(url, { redirect: 'manual' });
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    while (response.status >= 300 && response.status < 400) response = await fetch(new URL(response.headers.get('location')!, url), { redirect: 'manual', headers: cookie ? { cookie } : {} });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /assumed-role\/Admin\/alice/);
  });

  it('refuses a console destination outside the allow-list before issuing anything', async () => {
    const error = await refusal(issuer.consoleSignIn({ identity: alice, entitlement: entitlementFor(config, alice, 'prod/Admin'), destination: 'https://evil.example/' }));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'destination_not_allowed');
  });
});

describe('issuance settings checked at startup', () => {
  it('refuses to start with roles whose tags, policy, ExternalId or console destination cannot work, naming each', () => {
    const urls = { sts: 'http://127.0.0.1:9/sts', federation: 'http://127.0.0.1:9/federation', console: 'http://127.0.0.1:9/console' };
    const config = roleportConfig(urls, {}, {
      roles: [
        { account: 'prod', name: 'Admin', sessionTags: { team: '{groups}' } },
        { account: 'prod', name: 'Fed', method: 'federation-token' },
        { account: 'prod', name: 'Elsewhere', consoleDestination: 'https://console.aws.amazon.com/' },
        { account: 'prod', name: 'Odd', externalId: 'env:BAD_EXTERNAL_ID', policy: '{"Version": ' },
        { account: 'prod', name: 'China', region: 'cn-north-1' },
      ],
    }, { BAD_EXTERNAL_ID: 'not valid!' });
    assert.throws(() => createIssuer({ config, logger }), {
      message: [
        'The AWS settings of the configuration have problems:',
        "  - role prod/Admin: session tag 'team' names {groups}; allowed: {username}, {email}, {displayName}, {attributes.<name>}",
        '  - role prod/Fed: method federation-token needs a policy or policyArns: without a session policy the federated session has no permissions',
        `  - role prod/Elsewhere: consoleDestination https://console.aws.amazon.com/ is not in aws.consoleDestinations (${urls.console}/)`,
        '  - role prod/Odd: its policy is not valid JSON',
        '  - role prod/Odd: its ExternalId may contain only letters, digits and + = , . @ : / - _',
        '  - role prod/China: region cn-north-1 is not a region of the partition aws (e.g. us-east-1)',
      ].join('\n'),
    });
  });
});

describe('an STS that cannot be reached', () => {
  const urlsAt = (base: string): Urls => ({ sts: `${base}/sts`, federation: `${base}/federation`, console: `${base}/console` });
  let silent: Server;
  let silentUrl: string;
  const held: import('node:http').ServerResponse[] = [];

  before(async () => {
    // Accepts connections and requests, and never answers.
    silent = createServer((_req, res) => void held.push(res));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  after(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('answers within aws.stsTimeout with a clear message when STS never answers', { timeout: 20_000 }, async () => {
    const config = roleportConfig(urlsAt(silentUrl), { stsTimeout: 1 });
    const issuer = createIssuer({ config, logger });
    try {
      const error = await refusal(issuer.issueCredentials({ identity: alice, entitlement: entitlementFor(config, alice, 'prod/Admin') }));
      assert.equal(error.status, 504);
      assert.equal(error.code, 'sts_timeout');
      assert.equal(error.message, 'AWS STS did not answer within 1 second, so no prod/Admin session was opened. Try again in a minute; if it keeps happening, tell the Roleport administrator.');
      assert.equal(error.detail, `Endpoint: ${silentUrl}/sts — STS request id: none (no answer from STS)`);
    } finally {
      await issuer.close();
    }
  });

  it('says STS cannot be reached when nothing listens on its port', { timeout: 20_000 }, async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const config = roleportConfig(urlsAt(closedUrl), { stsTimeout: 2 });
    const issuer = createIssuer({ config, logger });
    try {
      const error = await refusal(issuer.issueCredentials({ identity: alice, entitlement: entitlementFor(config, alice, 'prod/Admin') }));
      assert.equal(error.status, 503);
      assert.equal(error.code, 'sts_unreachable');
      assert.equal(error.message, 'Roleport cannot reach AWS STS (ECONNREFUSED), so no prod/Admin session was opened. Try again in a minute; if it keeps happening, tell the Roleport administrator.');
    } finally {
      await issuer.close();
    }
  });
});
