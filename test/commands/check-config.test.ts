// `roleport check-config`: the demo passes offline and with --preflight against its sandbox; a broken
// configuration gets one finding per problem class, offline and from probe calls to a sandbox STS
// of its own, and a non-zero exit for CI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { checkSandboxSection } from '../../src/config/index.ts';
import { type SandboxServer, startSandboxServer } from '../../src/sandbox/index.ts';
import { BASE_DN, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../peers/slapd.ts';
import { LOCAL_USERS } from '../support/fixtures.ts';

const node = join(process.cwd(), 'node_modules/.bin/node');
const main = join(process.cwd(), 'src/commands/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'roleport-check-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Finding = { level: string; check: string; subject: string; message: string };
type Report = { problems: number; warnings: number; findings: Finding[] };

async function checkConfig(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(node, [main, 'check-config', ...args], { cwd: options.cwd ?? dir, env: { PATH: process.env.PATH ?? '', ...options.env }, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { status: e.code ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

const report = (stdout: string) => JSON.parse(stdout) as Report;
const about = (r: Report, subject: string) => r.findings.filter((f) => f.subject === subject).map((f) => `${f.level}: ${f.message}`);

describe('the demo configuration', () => {
  const cwd = mkdtempSync(join(dir, 'demo-'));
  it('has no problems offline', async () => {
    const result = await checkConfig([], { cwd });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^Roleport check-config: the demo configuration\n/);
    assert.match(result.stdout, /No problems \(\d+ warnings?\)\.\n$/);
  });

  it('passes the preflight: each of its roles is assumed as Roleport assumes it, against the sandbox it serves', async () => {
    const result = await checkConfig(['--preflight', '--json'], { cwd });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const r = report(result.stdout);
    assert.equal(r.problems, 0);
    for (const role of ['sandbox-prod/Admin', 'sandbox-prod/ReadOnly', 'sandbox-dev/Developer', 'sandbox-dev/ReadOnly'])
      assert.deepEqual(about(r, `role ${role}`).filter((f) => f.startsWith('ok: AssumeRole')).length, 1, role);
    assert.match(about(r, 'aws.credentials')[0], /^ok: Roleport calls STS as arn:aws:iam::111111111111:user\/roleport-broker$/);
  });
});

describe('a broken configuration', () => {
  let sandbox: SandboxServer;
  const file = join(dir, 'broken.yaml');
  const env = { BROKER_SECRET: 'broker-secret-for-the-check-config-test', SESSION_SECRET: 'a-test-session-secret-that-is-long-enough', MFA_KEY: 'test-mfa-encryption-key-0123456789abcdef', EXT_ID: 'not-the-agreed-one' };
  const broker = 'arn:aws:iam::111111111111:user/roleport-broker';
  const trust = (actions: string[], extra: Record<string, unknown> = {}, principal = broker) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, ...extra }] });
  const ALL = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];

  before(async () => {
    const { sandbox: sandboxConfig } = checkSandboxSection({
      accounts: ['111111111111', '222222222222'],
      users: [{ name: 'roleport-broker', account: '111111111111', accessKeyId: 'AKIACHECKCONFIGTEST1', secretAccessKey: 'env:BROKER_SECRET' }],
      roles: [
        { account: '111111111111', name: 'Admin', trustPolicy: trust(ALL) },
        { account: '111111111111', name: 'Tagged', trustPolicy: trust(['sts:AssumeRole', 'sts:SetSourceIdentity']) },
        { account: '111111111111', name: 'Sourced', trustPolicy: trust(['sts:AssumeRole', 'sts:TagSession']) },
        { account: '111111111111', name: 'Foreign', trustPolicy: trust(ALL, {}, 'arn:aws:iam::111111111111:user/someone-else') },
        { account: '111111111111', name: 'Ext', trustPolicy: trust(ALL, { Condition: { StringEquals: { 'sts:ExternalId': 'the-agreed-one' } } }) },
        { account: '222222222222', name: 'Long', maxSessionDuration: '1h', trustPolicy: trust(ALL) },
      ],
    }, { env, baseDir: dir, file: '(test)' });
    sandbox = await startSandboxServer({ config: sandboxConfig, port: 0 });
    const users = [
      { ...LOCAL_USERS[0], attributes: {} },
      { name: 'a-username-far-longer-than-thirty-two-characters', password: LOCAL_USERS[1].password, groups: ['developers'] },
    ];
    writeFileSync(file, JSON.stringify({
      server: { publicUrl: 'http://127.0.0.1:3999' },
      session: { secret: 'env:SESSION_SECRET' },
      mfa: { encryptionKey: 'env:MFA_KEY' },
      identity: [{ id: 'corp', type: 'local', users }],
      aws: { credentials: { accessKeyId: 'AKIACHECKCONFIGTEST1', secretAccessKey: 'env:BROKER_SECRET' }, endpoints: { sts: sandbox.stsUrl } },
      accounts: [{ id: '111111111111', name: 'prod' }, { id: '222222222222', name: 'dev' }],
      roles: [
        { account: 'prod', name: 'Admin', mfa: 'required' },
        { account: 'prod', name: 'Tagged', sessionTags: { department: '{attributes.department}' } },
        { account: 'prod', name: 'Sourced', sourceIdentity: true },
        { account: 'prod', name: 'Foreign' },
        { account: 'prod', name: 'Ext', externalId: 'env:EXT_ID' },
        { account: 'dev', name: 'Long', maxDuration: '12h' },
        { account: 'dev', name: 'Fed', method: 'federation-token', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] } },
        { account: 'dev', name: 'Unused' },
      ],
      rules: [
        { groups: ['aws-admins'], grant: ['prod/*'] },
        { groups: ['developers'], grant: ['dev/Long', 'dev/Fed', 'staging/Admin', 'dev/Nothing'] },
        { description: 'Contractors', groups: ['contractors'], grant: ['prod/Admin'] },
        { groups: ['contractors'], deny: ['prod/*'] },
        { groups: ['nobody'], grant: ['dev/Missing*'] },
      ],
    }));
  });
  after(() => sandbox?.close());

  it('offline: unknown accounts, roles never granted, rules that grant nothing, a grant a deny shadows, a cut name, a missing tag value; exit 1', async () => {
    const result = await checkConfig(['--config', file, '--json'], { env });
    assert.equal(result.status, 1, result.stderr);
    const r = report(result.stdout);
    assert.deepEqual(about(r, 'rule #2'), ["problem: 'staging/Admin' names the account 'staging', which is not in accounts (prod, dev)", "problem: 'dev/Nothing' matches no configured role"]);
    assert.deepEqual(about(r, 'role dev/Unused'), ['problem: no rule grants it: nobody can use it']);
    assert.deepEqual(about(r, 'rule #5'), ["problem: 'dev/Missing*' matches no configured role", 'problem: grants nothing: none of its grant patterns matches a configured role']);
    assert.deepEqual(about(r, 'rule #3 (Contractors)'), ['problem: its grant of prod/Admin never takes effect: rule #4 denies it to the same groups (contractors)']);
    const people = about(r, 'identity corp');
    assert.ok(people.includes("problem: alice (corp) cannot open prod/Tagged: its session tag 'department' needs your department, and your account has none."), people.join('\n'));
    assert.ok(people.some((f) => /^warning: a-username-far-longer-than-thirty-two-characters \(corp\): the federation name in dev\/Fed will be 'a-username-far-longer=[a-z2-7]{10}', not the username/.test(f)), people.join('\n'));
    assert.ok(!r.findings.some((f) => f.check === 'preflight'), 'no STS call without --preflight');
  });

  it('offline: a role longer than 1 hour with temporary broker keys is role chaining, which AWS caps', async () => {
    const chained = join(dir, 'chained.yaml');
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    raw.aws.credentials.sessionToken = 'env:SESSION_TOKEN';
    writeFileSync(chained, JSON.stringify(raw));
    const r = report((await checkConfig(['--config', chained, '--json'], { env: { ...env, SESSION_TOKEN: 'a-session-token' } })).stdout);
    assert.deepEqual(about(r, 'role dev/Long'), ['problem: maxDuration is 43200 s, but aws.credentials carry a session token: AssumeRole with temporary credentials is role chaining, which AWS caps at 1 hour']);
  });

  it('--preflight: probe calls name the trust policy that refuses Roleport, the ExternalId, session tags, SourceIdentity, the missing MFA condition and the duration', async () => {
    const result = await checkConfig(['--config', file, '--preflight', '--json'], { env });
    assert.equal(result.status, 1, result.stderr);
    const r = report(result.stdout);
    const problems = (role: string) => about(r, `role ${role}`).filter((f) => f.startsWith('problem'));
    assert.deepEqual(problems('prod/Admin'), ["problem: the role needs a second factor, but its trust policy lacks the MFA condition: a session without Roleport's mfa tag is let in (add Condition StringEquals aws:RequestTag/mfa: 'true')"]);
    assert.deepEqual(problems('prod/Tagged'), [`problem: the trust policy refuses session tags from Roleport (${broker}): it must allow sts:TagSession`]);
    assert.deepEqual(problems('prod/Sourced'), [`problem: the trust policy refuses SourceIdentity from Roleport (${broker}): it must allow sts:SetSourceIdentity (or set sourceIdentity: false)`]);
    assert.equal(problems('prod/Foreign').length, 1);
    assert.match(problems('prod/Foreign')[0], new RegExp(`^problem: the trust policy does not allow Roleport \\(${broker}\\) to assume it, or it needs an ExternalId \\(sts:ExternalId\\) and the role has no externalId — AWS said: User: ${broker} is not authorized to perform: sts:AssumeRole`));
    assert.equal(problems('prod/Ext').length, 1);
    assert.match(problems('prod/Ext')[0], /^problem: the trust policy does not allow Roleport \(arn:aws:iam::111111111111:user\/roleport-broker\) to assume it with the ExternalId it sends \(compare externalId with the sts:ExternalId of the trust policy\) — AWS said: /);
    assert.match(problems('dev/Long')[0], /^problem: maxDuration 43200 s is refused \(the role's MaxSessionDuration, or the 1-hour cap on role chaining\) — AWS said: The requested DurationSeconds exceeds the MaxSessionDuration set for this role\.$/);
    assert.match(about(r, 'role dev/Fed').join('\n'), /^ok: GetFederationToken as Roleport calls it works/);
    const text = await checkConfig(['--config', file, '--preflight'], { env });
    assert.equal(text.status, 1);
    assert.match(text.stdout, new RegExp(`^Roleport check-config: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, STS ${sandbox.stsUrl}\\n`));
    assert.match(text.stdout, /\n\d+ problems, \d+ warnings?\.\n$/);
  });

  it('a file Roleport would not load is reported with the key path, exit 1; a bad option is a usage error, exit 2', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'session: { secret: env:SESSION_SECRET }\nidentity: [{ id: corp, type: local, users: [] }]\nroles: [{ account: nowhere, name: Admin }]\n');
    const result = await checkConfig(['--config', bad], { env });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /problem {5}.*bad\.yaml: roles\[0\]\.account: no account is named 'nowhere'/);
    const usage = await checkConfig(['--preflihgt']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /roleport check-config: Unknown option '--preflihgt'/);
  });
});

describe('with an LDAP source and the sandbox the configuration serves', () => {
  let slapd: Slapd;
  const file = join(dir, 'ldap.yaml');
  const env = { LDAP_BIND_PASSWORD: SERVICE_PASSWORD, SESSION_SECRET: 'a-test-session-secret-that-is-long-enough', BROKER_SECRET: 'broker-secret-for-the-ldap-check' };
  before(async () => {
    slapd = await startSlapd();
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/roleport-broker' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
    writeFileSync(file, JSON.stringify({
      server: { publicUrl: 'http://127.0.0.1:3999' },
      session: { secret: 'env:SESSION_SECRET' },
      identity: [{
        id: 'dir', type: 'ldap', urls: [slapd.ldapsUrl], tls: { ca: slapd.caFile },
        bind: { dn: SERVICE_DN, password: 'env:LDAP_BIND_PASSWORD' },
        users: { base: `ou=people,${BASE_DN}` }, groups: { strategy: 'recursive', base: `ou=groups,${BASE_DN}` },
        attributes: { employeeType: 'employeeType' },
      }],
      aws: { credentials: { sandboxUser: 'roleport-broker' }, endpoints: { sts: 'http://127.0.0.1:3999/sandbox/sts' } },
      accounts: [{ id: '111111111111', name: 'dev' }],
      roles: [{ account: 'dev', name: 'Developer', sessionTags: { kind: '{attributes.employeeType}' } }],
      rules: [{ groups: ['eng*'], grant: ['dev/Developer'] }],
      sandbox: {
        accounts: ['111111111111'],
        users: [{ name: 'roleport-broker', account: '111111111111', accessKeyId: 'AKIACHECKCONFIGLDAP1', secretAccessKey: 'env:BROKER_SECRET' }],
        roles: [{ account: '111111111111', name: 'Developer', trustPolicy: trust }],
      },
    }));
  });
  after(() => slapd?.close());

  it('asks the directory only with --preflight: a member of a nested granting group lacks the attribute a session tag needs', async () => {
    const offline = report((await checkConfig(['--config', file, '--json'], { env })).stdout);
    assert.deepEqual(about(offline, 'identity dir'), []);
    const result = await checkConfig(['--config', file, '--preflight', '--json'], { env });
    assert.equal(result.status, 1, result.stderr);
    const r = report(result.stdout);
    // bob is in developers, nested in engineering (eng*); alice has an employeeType; carol is disabled.
    assert.deepEqual(about(r, 'identity dir'), ["problem: bob (dir) cannot open dev/Developer: its session tag 'kind' needs your employeeType, and your account has none."]);
    assert.match(about(r, 'role dev/Developer').join('\n'), /^ok: AssumeRole as Roleport calls it works \(duration 3600 s, session tags\)$/);
    assert.match(JSON.parse(result.stdout).stsEndpoint, /^http:\/\/127\.0\.0\.1:\d+\/sts \(the configured sandbox, started for this check\)$/);
  });
});
