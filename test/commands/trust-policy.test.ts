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

type DemoShape = Record<string, unknown> & { sandbox: { roles: { account: string; name: string; trustPolicy: unknown }[] } };

/** The demo configuration with each sandbox role's trust policy replaced by the printed one. */
function demoWith(url: string, printed: Report, change: (key: string, policy: Policy) => Policy = (_k, p) => p): DemoShape {
  const config = demoConfig(url, 3000, demoAccessKeyId()) as DemoShape;
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
    const dropTagSession = (key: string, policy: Policy): Policy => (key !== 'sandbox-prod/Admin' ? policy : { ...policy, Statement: policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== 'sts:TagSession') })) });
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
});
