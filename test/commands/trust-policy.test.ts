// `roleport trust-policy`: the policy printed for each demo role, installed in the sandbox in place of
// the demo's own, lets Roleport issue the role and passes check-config --preflight; without
// sts:TagSession an MFA role is refused. Offline with --principal: ExternalId, federation-token,
// web-identity and SAML federation, the CloudFormation templates and the aws iam commands.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { DEMO_PASSWORD } from '../../src/config/index.ts';
import { demoAccessKeyId, demoConfig, demoSecrets } from '../../src/config/demo.ts';
import { evaluateTrustPolicy } from '../../src/sandbox/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';
import { markStepUp } from '../support/step-up.ts';

const node = join(process.cwd(), 'node_modules/.bin/node');
const main = join(process.cwd(), 'src/commands/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'roleport-trust-policy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Run = { status: number; stdout: string; stderr: string };

async function roleport(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(node, [main, ...args], { cwd: options.cwd ?? dir, env: { PATH: process.env.PATH ?? '', ...options.env }, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { status: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

type Policy = { Version: string; Statement: { Sid: string; Effect: string; Principal: Record<string, unknown>; Action: string[]; Resource?: string; Condition?: Record<string, Record<string, unknown>> }[] };
type Entry = { account: string; roleArn: string | null; method: string; needsMfa: boolean; trustPolicy?: Policy | null; brokerUserPolicy?: Policy; note?: string };
type Report = { principal: string | null; principalFrom?: string; notes?: string[]; roles: Record<string, Entry>; samlFederation?: Record<string, { providerName: string; audiences: string[]; trustPolicies: Record<string, Policy> }> };

const BROKER = 'arn:aws:iam::111111111111:user/roleport-broker';
const DEMO_ROLES = ['sandbox-prod/Admin', 'sandbox-prod/ReadOnly', 'sandbox-dev/Developer', 'sandbox-dev/ReadOnly'];

type DemoShape = Record<string, unknown> & { sandbox: { users: { policies: unknown[] }[]; roles: { account: string; name: string; trustPolicy: unknown }[] } };

/** The demo configuration with each sandbox role's trust policy replaced by the printed one. */
function demoWith(url: string, printed: Report, change: (key: string, policy: Policy) => Policy = (_k, p) => p, brokerKeyId = demoAccessKeyId()): DemoShape {
  const config = demoConfig(url, 3000, brokerKeyId) as DemoShape;
  for (const role of config.sandbox.roles) {
    const [key, entry] = Object.entries(printed.roles).find(([, e]) => e.roleArn === `arn:aws:iam::${role.account}:role/${role.name}`) ?? [];
    assert.ok(key && entry?.trustPolicy, `a trust policy is printed for ${role.account}/${role.name}`);
    role.trustPolicy = change(key, entry.trustPolicy);
  }
  return config;
}

async function signedIn(app: TestApp): Promise<Client> {
  const client = createClient(app.url);
  assert.equal((await client.login('alice', DEMO_PASSWORD)).status, 303);
  await markStepUp(app, client);
  return client;
}

async function issueKeys(client: Client, key: string): Promise<{ status: number; html: string }> {
  const path = `/keys/${key}`;
  const csrf = hiddenField(await (await client.get(path)).text(), '_csrf')!;
  const response = await client.post(path, { _csrf: csrf, duration: '900' });
  return { status: response.status, html: await response.text() };
}

async function preflightOf(config: DemoShape, name: string, env: Record<string, string>) {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ ...config, server: { ...(config.server as object), publicUrl: 'http://127.0.0.1:3999' } }));
  const result = await roleport(['check-config', '--config', file, '--preflight', '--json'], { env });
  return { status: result.status, findings: (JSON.parse(result.stdout) as { findings: { level: string; subject: string; message: string }[] }).findings };
}

const dropTagSession = (key: string, policy: Policy): Policy => (key !== 'sandbox-prod/Admin' ? policy : { ...policy, Statement: policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== 'sts:TagSession') })) });

describe('the demo: the printed trust policies in place of its own', () => {
  let printed: Report;
  const env = demoSecrets();
  before(async () => {
    const result = await roleport(['trust-policy'], { cwd: mkdtempSync(join(dir, 'demo-')) });
    assert.equal(result.status, 0, result.stderr);
    printed = JSON.parse(result.stdout);
  });

  it("names Roleport's broker user from GetCallerIdentity, and each role's actions and conditions", () => {
    assert.equal(printed.principal, BROKER);
    assert.match(printed.principalFrom ?? '', /^GetCallerIdentity at http:\/\/127\.0\.0\.1:\d+\/sts/);
    const statement = (key: string) => printed.roles[key].trustPolicy!.Statement[0];
    assert.deepEqual(statement('sandbox-prod/Admin'), {
      Sid: 'Roleport', Effect: 'Allow', Principal: { AWS: BROKER },
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
      Condition: { StringEquals: { 'aws:RequestTag/mfa': 'true' } },
    });
    assert.deepEqual(statement('sandbox-prod/ReadOnly').Action, ['sts:AssumeRole', 'sts:SetSourceIdentity']);
    assert.equal(statement('sandbox-prod/ReadOnly').Condition, undefined);
    assert.deepEqual(statement('sandbox-dev/Developer').Action, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']);
    assert.deepEqual(statement('sandbox-dev/RoleportRevocation').Action, ['sts:AssumeRole']);
    assert.deepEqual(Object.keys(printed.roles), [...DEMO_ROLES, 'sandbox-dev/RoleportRevocation']);
  });

  it('lets Roleport issue every demo role, and check-config --preflight finds no trust problem', async () => {
    const app = await startTestApp({ env, config: (url) => demoWith(url, printed) });
    try {
      const alice = await signedIn(app);
      for (const key of DEMO_ROLES) {
        const { status, html } = await issueKeys(alice, key);
        assert.equal(status, 200, `${key}: ${html.slice(0, 400)}`);
        assert.match(html, new RegExp(`assumed-role/${key.split('/')[1]}/alice`), key);
      }
    } finally {
      await app.close();
    }
    const { status, findings } = await preflightOf(demoWith('http://127.0.0.1:3999', printed), 'printed.json', env);
    assert.deepEqual(findings.filter((f) => f.level === 'problem'), []);
    assert.equal(status, 0);
    for (const key of DEMO_ROLES) assert.equal(findings.filter((f) => f.subject === `role ${key}` && f.level === 'ok' && f.message.startsWith('AssumeRole as Roleport calls it works')).length, 1, key);
  });

  it('without sts:TagSession the MFA role is refused by the sandbox, and the preflight says why', async () => {
    const app = await startTestApp({ env, config: (url) => demoWith(url, printed, dropTagSession) });
    try {
      const alice = await signedIn(app);
      const refused = await issueKeys(alice, 'sandbox-prod/Admin');
      assert.equal(refused.status, 502);
      assert.match(refused.html, /AWS refused AssumeRole for sandbox-prod\/Admin/);
      assert.equal((await issueKeys(alice, 'sandbox-prod/ReadOnly')).status, 200);
    } finally {
      await app.close();
    }
    const { status, findings } = await preflightOf(demoWith('http://127.0.0.1:3999', printed, dropTagSession), 'dropped.json', env);
    assert.equal(status, 1);
    assert.deepEqual(findings.filter((f) => f.level === 'problem').map((f) => `${f.subject}: ${f.message}`), [`role sandbox-prod/Admin: the trust policy refuses session tags from Roleport (${BROKER}): it must allow sts:TagSession`]);
  });

  it('for a role that exists: the printed aws iam command, run by the AWS CLI against the sandbox IAM, installs the policy, and Roleport issues the role', async () => {
    const keyId = demoAccessKeyId();
    const app = await startTestApp({
      env,
      config: (url) => {
        const config = demoWith(url, printed, dropTagSession, keyId);
        config.sandbox.users[0].policies.push({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: 'arn:aws:iam::111111111111:role/*' }] });
        return config;
      },
    });
    try {
      const alice = await signedIn(app);
      assert.equal((await issueKeys(alice, 'sandbox-prod/Admin')).status, 502);
      const out = mkdtempSync(join(dir, 'aws-cli-'));
      const printedScript = await roleport(['trust-policy', 'sandbox-prod/Admin', '--format', 'aws-cli', '--out', out], { cwd: mkdtempSync(join(dir, 'demo-')) });
      assert.equal(printedScript.status, 0, printedScript.stderr);
      assert.match(printedScript.stdout, /\naws iam update-assume-role-policy --role-name Admin --policy-document file:\/\/\S+\/sandbox-prod\.Admin\.trust-policy\.json\n/);
      const home = mkdtempSync(join(dir, 'home-'));
      writeFileSync(join(home, 'config'), '');
      writeFileSync(join(home, 'credentials'), '');
      await promisify(execFile)('sh', ['-c', printedScript.stdout], {
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
          AWS_EC2_METADATA_DISABLED: 'true', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '',
          AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY: env.ROLEPORT_DEMO_BROKER_SECRET, AWS_ENDPOINT_URL: `${app.url}/sandbox/iam`,
        },
      });
      const issued = await issueKeys(alice, 'sandbox-prod/Admin');
      assert.equal(issued.status, 200, issued.html.slice(0, 400));
      assert.match(issued.html, /assumed-role\/Admin\/alice/);
    } finally {
      await app.close();
    }
  });
});

describe('offline with --principal: ExternalId, federation-token, web-identity and SAML federation', () => {
  const file = join(dir, 'offline.json');
  const env = {
    SESSION_SECRET: 'a-test-session-secret-that-is-long-enough', MFA_KEY: 'test-mfa-encryption-key-0123456789abcdef', OIDC_SECRET: 'oidc-client-secret',
    BROKER_SECRET: 'broker-secret-never-used-offline', PROD_EXT: 'prod-external-id', AUDIT_EXT: 'auditor-external-id',
  };
  const USER = 'arn:aws:iam::123456789012:user/roleport';
  // Nothing listens on port 9: any STS call would fail the command.
  before(() => writeFileSync(file, JSON.stringify({
    server: { publicUrl: 'https://roleport.example.com' },
    session: { secret: 'env:SESSION_SECRET' },
    mfa: { encryptionKey: 'env:MFA_KEY' },
    identity: [
      { id: 'corp', type: 'local', users: [] },
      { id: 'google', type: 'oidc', issuer: 'https://accounts.example.com', clientId: 'roleport', clientSecret: 'env:OIDC_SECRET' },
      { id: 'okta-aws', type: 'saml', awsFederation: true, idpMetadata: 'https://idp.example.com/metadata' },
    ],
    aws: { credentials: { accessKeyId: 'AKIAOFFLINETEST00001', secretAccessKey: 'env:BROKER_SECRET' }, endpoints: { sts: 'http://127.0.0.1:9/sts' } },
    accounts: [{ id: '111122223333', name: 'prod', externalId: 'env:PROD_EXT' }, { id: '444455556666', name: 'dev' }],
    roles: [
      { account: 'prod', name: 'Admin', path: '/ops/', mfa: 'required', maxDuration: '4h', description: 'Full administrator' },
      { account: 'prod', name: 'Auditor', sourceIdentity: true, externalId: 'env:AUDIT_EXT' },
      { account: 'dev', name: 'Developer', sessionTags: { team: '{attributes.department}' }, maxDuration: '30m' },
      { account: 'dev', name: 'Web', method: 'web-identity', maxDuration: '2h' },
      { account: 'dev', name: 'Fed', method: 'federation-token', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] } },
    ],
    rules: [{ groups: ['admins'], grant: ['prod/*', 'dev/*'] }, { groups: ['devs'], grant: ['dev/Fed'], mfa: 'required' }],
  })));
  const trustPolicy = (...args: string[]) => roleport(['trust-policy', '--config', file, ...args], { env });

  it('prints each policy without asking STS: the ExternalId (the role\'s, else its account\'s), the MFA condition, SourceIdentity, session tags', async () => {
    const result = await trustPolicy('--principal', USER);
    assert.equal(result.status, 0, result.stderr);
    const r: Report = JSON.parse(result.stdout);
    assert.equal(r.principal, USER);
    assert.equal(r.principalFrom, '--principal');
    const only = (key: string) => r.roles[key].trustPolicy!.Statement[0];
    assert.deepEqual(only('prod/Admin'), { Sid: 'Roleport', Effect: 'Allow', Principal: { AWS: USER }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'sts:ExternalId': 'prod-external-id', 'aws:RequestTag/mfa': 'true' } } });
    assert.equal(r.roles['prod/Admin'].roleArn, 'arn:aws:iam::111122223333:role/ops/Admin');
    assert.deepEqual(only('prod/Auditor'), { Sid: 'Roleport', Effect: 'Allow', Principal: { AWS: USER }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: { StringEquals: { 'sts:ExternalId': 'auditor-external-id' } } });
    assert.deepEqual(only('dev/Developer'), { Sid: 'Roleport', Effect: 'Allow', Principal: { AWS: USER }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
  });

  it('a federation-token role has no role: the IAM user policy Roleport needs instead, with sts:TagSession for its mfa tags', async () => {
    const r: Report = JSON.parse((await trustPolicy('dev/Fed', '--principal', USER)).stdout);
    assert.deepEqual(Object.keys(r.roles), ['dev/Fed']);
    const fed = r.roles['dev/Fed'];
    assert.equal(fed.roleArn, null);
    assert.equal(fed.trustPolicy, undefined);
    assert.match(fed.note ?? '', /^GetFederationToken: no IAM role is assumed, so there is no trust policy/);
    assert.deepEqual(fed.brokerUserPolicy, { Version: '2012-10-17', Statement: [{ Sid: 'RoleportFederationToken', Effect: 'Allow', Action: ['sts:GetFederationToken', 'sts:TagSession'], Resource: 'arn:aws:sts::123456789012:federated-user/*' }] });
  });

  it('web-identity trusts the OIDC provider for the client id, SAML federation the SAML provider for SAML:aud: the sandbox evaluator accepts them, and not another audience', async () => {
    const r: Report = JSON.parse((await trustPolicy('--principal', USER)).stdout);
    const web = r.roles['dev/Web'].trustPolicy!;
    const oidc = { type: 'Federated' as const, provider: 'arn:aws:iam::444455556666:oidc-provider/accounts.example.com' };
    assert.equal(evaluateTrustPolicy(web, { principal: oidc, action: 'sts:AssumeRoleWithWebIdentity', context: { 'accounts.example.com:aud': 'roleport' } }).decision, 'allow');
    assert.equal(evaluateTrustPolicy(web, { principal: oidc, action: 'sts:AssumeRoleWithWebIdentity', context: { 'accounts.example.com:aud': 'another-client' } }).decision, 'implicit-deny');
    assert.equal(evaluateTrustPolicy(web, { principal: { type: 'AWS', arn: USER, account: '123456789012' }, action: 'sts:AssumeRole', context: {} }).decision, 'implicit-deny');
    const saml = r.samlFederation!['okta-aws'];
    assert.deepEqual(saml.audiences, ['https://signin.aws.amazon.com/saml', 'https://roleport.example.com/saml/okta-aws/acs']);
    const provider = { type: 'Federated' as const, provider: 'arn:aws:iam::111122223333:saml-provider/okta-aws' };
    assert.equal(evaluateTrustPolicy(saml.trustPolicies.prod, { principal: provider, action: 'sts:AssumeRoleWithSAML', context: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }).decision, 'allow');
    assert.equal(evaluateTrustPolicy(saml.trustPolicies.prod, { principal: provider, action: 'sts:AssumeRoleWithSAML', context: { 'SAML:aud': 'https://elsewhere.example.com/acs' } }).decision, 'implicit-deny');
  });

  it("a role session as --principal becomes its role; a federated user or a malformed ARN is a usage error, as is an unknown role", async () => {
    const session = JSON.parse((await trustPolicy('prod/auditor', '--principal', 'arn:aws:sts::123456789012:assumed-role/RoleportRole/i-0abc')).stdout) as Report;
    assert.deepEqual(Object.keys(session.roles), ['prod/Auditor']);
    assert.deepEqual(session.roles['prod/Auditor'].trustPolicy!.Statement[0].Principal, { AWS: 'arn:aws:iam::123456789012:role/RoleportRole' });
    assert.match(session.notes![0], /is a session of the role RoleportRole: the policy names the role \(add its path if it has one\)$/);
    const federated = await trustPolicy('--principal', 'arn:aws:sts::123456789012:federated-user/bob');
    assert.equal(federated.status, 2);
    assert.match(federated.stderr, /^roleport trust-policy: --principal: arn:aws:sts::123456789012:federated-user\/bob is a federated user \(GetFederationToken credentials\), which cannot call AssumeRole/);
    const malformed = await trustPolicy('--principal', 'roleport-broker');
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /--principal: 'roleport-broker' is not the ARN of an IAM user or role/);
    const unknown = await trustPolicy('prod/Nobody', '--principal', USER);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no role is named 'prod\/Nobody' \(the roles: prod\/Admin, prod\/Auditor, dev\/Developer, dev\/Web, dev\/Fed\)/);
    assert.equal((await trustPolicy('--format', 'yaml')).status, 2);
    assert.match((await trustPolicy('--format', 'aws-cli')).stderr, /--format aws-cli needs --out DIR/);
  });

  it('without --principal, an STS that does not answer is exit 1 with a hint, and nothing is printed', async () => {
    const result = await trustPolicy();
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^roleport trust-policy: STS \(http:\/\/127\.0\.0\.1:9\/sts\) did not say who Roleport is \(GetCallerIdentity\): .+ Give Roleport's IAM user or role with --principal ARN to print the policies offline\.\n$/);
  });

  it('CloudFormation: a template per account, no account id written in, the principal and each ExternalId parameters, the same policies once resolved', async () => {
    const templates = JSON.parse((await trustPolicy('--principal', USER, '--format', 'cloudformation')).stdout) as Record<string, { Parameters: Record<string, { Default?: string; NoEcho?: boolean }>; Resources: Record<string, { Type: string; Properties: { RoleName: string; Path: string; MaxSessionDuration: number; AssumeRolePolicyDocument: unknown } }> }>;
    const printed: Report = JSON.parse((await trustPolicy('--principal', USER)).stdout);
    assert.deepEqual(Object.keys(templates), ['prod', 'dev']);
    assert.ok(!JSON.stringify(templates.prod).includes('111122223333') && !JSON.stringify(templates.dev).includes('444455556666'), 'StackSet-ready: the account comes from AWS::AccountId');
    assert.ok(!JSON.stringify(templates).includes('external-id'), 'ExternalIds are parameters, not written in');
    assert.deepEqual(Object.keys(templates.prod.Parameters), ['RoleportPrincipal', 'AdminRoleExternalId', 'AuditorRoleExternalId']);
    assert.equal(templates.prod.Parameters.RoleportPrincipal.Default, USER);
    assert.equal(templates.prod.Parameters.AdminRoleExternalId.NoEcho, true);
    const accounts = { prod: { id: '111122223333', ext: { AdminRoleExternalId: 'prod-external-id', AuditorRoleExternalId: 'auditor-external-id' } }, dev: { id: '444455556666', ext: {} } } as const;
    const roles: Record<string, string[]> = {};
    for (const [name, template] of Object.entries(templates)) {
      const account = accounts[name as keyof typeof accounts];
      // What CloudFormation makes of Ref and Fn::Sub in that account, with those parameter values.
      const resolveIn = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(resolveIn);
        if (value && typeof value === 'object') {
          const o = value as Record<string, unknown>;
          if (typeof o.Ref === 'string') return o.Ref === 'RoleportPrincipal' ? USER : (account.ext as Record<string, string>)[o.Ref];
          if (typeof o['Fn::Sub'] === 'string') return (o['Fn::Sub'] as string).replace('${AWS::Partition}', 'aws').replace('${AWS::AccountId}', account.id);
          return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resolveIn(v)]));
        }
        return value;
      };
      for (const resource of Object.values(template.Resources)) {
        assert.equal(resource.Type, 'AWS::IAM::Role');
        const key = `${name}/${resource.Properties.RoleName}`;
        (roles[name] ??= []).push(`${resource.Properties.Path}${resource.Properties.RoleName} ${resource.Properties.MaxSessionDuration}`);
        assert.deepEqual(resolveIn(resource.Properties.AssumeRolePolicyDocument), printed.roles[key].trustPolicy, key);
      }
    }
    // MaxSessionDuration is the role's maxDuration, at least IAM's 1 hour; the federation-token role is no resource.
    assert.deepEqual(roles, { prod: ['/ops/Admin 14400', '/Auditor 3600'], dev: ['/Developer 3600', '/Web 7200'] });
  });

  it('aws-cli: the policy files and the update-assume-role-policy commands, per account; the user policy for federation tokens', async () => {
    const out = join(dir, 'policies here');
    const result = await trustPolicy('--principal', USER, '--format', 'aws-cli', '--out', out);
    assert.equal(result.status, 0, result.stderr);
    const printed: Report = JSON.parse((await trustPolicy('--principal', USER)).stdout);
    const commands = result.stdout.split('\n').filter((line) => line.startsWith('aws '));
    assert.deepEqual(commands, [
      `aws iam update-assume-role-policy --role-name Admin --policy-document 'file://${out}/prod.Admin.trust-policy.json'`,
      `aws iam update-assume-role-policy --role-name Auditor --policy-document 'file://${out}/prod.Auditor.trust-policy.json'`,
      `aws iam update-assume-role-policy --role-name Developer --policy-document 'file://${out}/dev.Developer.trust-policy.json'`,
      `aws iam update-assume-role-policy --role-name Web --policy-document 'file://${out}/dev.Web.trust-policy.json'`,
      `aws iam put-user-policy --user-name roleport --policy-name RoleportFederationToken --policy-document 'file://${out}/roleport-user.federation-token-policy.json'`,
    ]);
    assert.match(result.stdout, /\n# prod \(111122223333\)\n/);
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'prod.Admin.trust-policy.json'), 'utf8')), printed.roles['prod/Admin'].trustPolicy);
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'roleport-user.federation-token-policy.json'), 'utf8')), printed.roles['dev/Fed'].brokerUserPolicy);
    const syntax = await promisify(execFile)('sh', ['-n', '-c', result.stdout]).then(() => 'ok', (e: Error) => e.message);
    assert.equal(syntax, 'ok');
  });
});

describe('a configuration with an ExternalId, SourceIdentity, session tags, MFA and a federation-token role', () => {
  const env = { SESSION_SECRET: 'a-test-session-secret-that-is-long-enough', MFA_KEY: 'test-mfa-encryption-key-0123456789abcdef', BROKER_SECRET: 'broker-secret-for-the-trust-policy-test', EXT_ID: 'the-agreed-external-id' };
  const refuseAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/someone-else' }, Action: 'sts:AssumeRole' }] };
  const roles = [
    { account: 'prod', name: 'Admin', mfa: 'required', sessionTags: { department: '{attributes.department}' }, sourceIdentity: true },
    { account: 'prod', name: 'Partner', externalId: 'env:EXT_ID', maxDuration: '2h' },
    { account: 'dev', name: 'Sourced', sourceIdentity: true },
  ];
  const config = (trust: (name: string) => unknown) => ({
    server: { publicUrl: 'http://127.0.0.1:3999' },
    session: { secret: 'env:SESSION_SECRET' },
    mfa: { encryptionKey: 'env:MFA_KEY' },
    identity: [{ id: 'corp', type: 'local', users: [] }],
    aws: { credentials: { sandboxUser: 'roleport-broker' }, endpoints: { sts: 'http://127.0.0.1:3999/sandbox/sts' } },
    accounts: [{ id: '111111111111', name: 'prod' }, { id: '222222222222', name: 'dev' }],
    roles: [...roles, { account: 'dev', name: 'Fed', method: 'federation-token', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] } }],
    rules: [{ groups: ['admins'], grant: ['prod/*', 'dev/*'] }],
    sandbox: {
      accounts: ['111111111111', '222222222222'],
      users: [{ name: 'roleport-broker', account: '111111111111', accessKeyId: 'AKIATRUSTPOLICYTEST1', secretAccessKey: 'env:BROKER_SECRET' }],
      roles: roles.map((role) => ({ account: role.account === 'prod' ? '111111111111' : '222222222222', name: role.name, maxSessionDuration: '12h', trustPolicy: trust(`${role.account}/${role.name}`) })),
    },
  });

  it('before: the preflight finds each role refused; with the printed policies in the sandbox, none', async () => {
    const before = join(dir, 'before.json');
    writeFileSync(before, JSON.stringify(config(() => refuseAll)));
    const refused = await roleport(['check-config', '--config', before, '--preflight', '--json'], { env });
    assert.equal(refused.status, 1);
    const problemsOf = (stdout: string) => (JSON.parse(stdout) as { findings: { level: string; subject: string }[] }).findings.filter((f) => f.level === 'problem').map((f) => f.subject);
    assert.deepEqual(problemsOf(refused.stdout), ['role prod/Admin', 'role prod/Partner', 'role dev/Sourced']);

    const result = await roleport(['trust-policy', '--config', before], { env });
    assert.equal(result.status, 0, result.stderr);
    const printed: Report = JSON.parse(result.stdout);
    assert.deepEqual(printed.roles['prod/Partner'].trustPolicy!.Statement[0].Condition, { StringEquals: { 'sts:ExternalId': 'the-agreed-external-id' } });
    const after = join(dir, 'after.json');
    writeFileSync(after, JSON.stringify(config((key) => printed.roles[key].trustPolicy)));
    const passed = await roleport(['check-config', '--config', after, '--preflight', '--json'], { env });
    assert.deepEqual(problemsOf(passed.stdout), []);
    assert.equal(passed.status, 0, passed.stdout);
    const oks = (JSON.parse(passed.stdout) as { findings: { level: string; subject: string; message: string }[] }).findings.filter((f) => f.level === 'ok').map((f) => `${f.subject}: ${f.message}`);
    assert.ok(oks.includes('role prod/Partner: needs an ExternalId, and Roleport sends the right one'), oks.join('\n'));
    assert.ok(oks.includes('role prod/Admin: AssumeRole as Roleport calls it works (duration 3600 s, session tags, SourceIdentity)'), oks.join('\n'));
    assert.ok(oks.some((f) => f.startsWith('role dev/Fed: GetFederationToken as Roleport calls it works')), oks.join('\n'));
  });
});
