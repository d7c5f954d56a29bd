// The Debian AWS CLI as an independent client of the sandbox STS: get-caller-identity and
// assume-role with long-term keys, the session it returns, and a wrong secret refused.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { BROKER, BROKER_ARN, type Keys, PROD, type TestSandbox, startTestSandbox } from './helpers.ts';

const run = promisify(execFile);
let sandbox: TestSandbox;
let home: string;

before(async () => {
  sandbox = await startTestSandbox();
  home = mkdtempSync(join(tmpdir(), 'roleport-aws-cli-'));
  writeFileSync(join(home, 'config'), '');
  writeFileSync(join(home, 'credentials'), '');
});
after(async () => {
  await sandbox.close();
  rmSync(home, { recursive: true, force: true });
});

type CliResult = { code: number; stdout: string; stderr: string };

async function aws(keys: Keys, args: string[]): Promise<CliResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
  };
  if (keys.sessionToken) env.AWS_SESSION_TOKEN = keys.sessionToken;
  try {
    const { stdout, stderr } = await run('/usr/bin/aws', [...args, '--endpoint-url', sandbox.stsUrl, '--region', 'us-east-1', '--output', 'json'], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('aws sts get-caller-identity with the IAM user’s keys names the user', async () => {
  const result = await aws(BROKER, ['sts', 'get-caller-identity']);
  assert.equal(result.code, 0, result.stderr);
  const identity = JSON.parse(result.stdout) as { Arn: string; Account: string; UserId: string };
  assert.equal(identity.Arn, BROKER_ARN);
  assert.equal(identity.Account, PROD);
  assert.match(identity.UserId, /^AIDA/);
});

test('aws sts assume-role returns keys with which get-caller-identity names the assumed-role session', async () => {
  const assumed = await aws(BROKER, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${PROD}:role/Admin`, '--role-session-name', 'alice', '--source-identity', 'alice', '--tags', 'Key=department,Value=platform team', '--duration-seconds', '1800']);
  assert.equal(assumed.code, 0, assumed.stderr);
  const answer = JSON.parse(assumed.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }; AssumedRoleUser: { Arn: string } };
  assert.equal(answer.AssumedRoleUser.Arn, `arn:aws:sts::${PROD}:assumed-role/Admin/alice`);
  assert.ok(Math.abs(Date.parse(answer.Credentials.Expiration) - (Date.now() + 1800_000)) < 60_000);
  const keys = { accessKeyId: answer.Credentials.AccessKeyId, secretAccessKey: answer.Credentials.SecretAccessKey, sessionToken: answer.Credentials.SessionToken };
  const identity = await aws(keys, ['sts', 'get-caller-identity']);
  assert.equal(identity.code, 0, identity.stderr);
  assert.equal((JSON.parse(identity.stdout) as { Arn: string }).Arn, `arn:aws:sts::${PROD}:assumed-role/Admin/alice`);
});

test('a wrong secret is refused: the CLI reports SignatureDoesNotMatch and exits 254', async () => {
  const result = await aws({ ...BROKER, secretAccessKey: 'not-the-secret' }, ['sts', 'get-caller-identity']);
  assert.equal(result.code, 254);
  assert.ok(result.stderr.includes('An error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: The request signature we calculated does not match the signature you provided.'), result.stderr);
});

test('a role the user is not trusted for is refused with AccessDenied through the CLI', async () => {
  const result = await aws({ accessKeyId: 'AKIAMALLORYOTHERACCT', secretAccessKey: 'mallory-secret-0123456789abcdefghijklmnop' }, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${PROD}:role/Admin`, '--role-session-name', 'mallory']);
  assert.equal(result.code, 254);
  assert.ok(result.stderr.includes(`An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::222222222222:user/mallory is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${PROD}:role/Admin`), result.stderr);
});
