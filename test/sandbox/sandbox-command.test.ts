// `roleport sandbox`: the demo sandbox with fresh keys, a sandbox from a config file's `sandbox:`
// section, and the errors a person sees for a bad file or option.
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

const NODE = 'node_modules/.bin/node';
let dir: string;
const children: ChildProcess[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'roleport-sandbox-cmd-'));
});
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `roleport sandbox ...` to completion (for the refusals). */
function runToEnd(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, ['src/commands/main.ts', 'sandbox', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `roleport sandbox ...` and waits for its banner. */
function start(args: string[], env: Record<string, string> = {}, until = /console:/): Promise<{ child: ChildProcess; banner: () => string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, ['src/commands/main.ts', 'sandbox', '--port', '0', ...args], { env: { ...process.env, ...env } });
    children.push(child);
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      if (until.test(stdout)) resolve({ child, banner: () => stdout, exited });
    });
    exited.then((code) => reject(new Error(`sandbox exited (${code}) before starting: ${stderr}`)));
  });
}

test('without --config the demo sandbox starts with fresh broker keys that work against it, and stops on SIGTERM', async () => {
  const { child, banner, exited } = await start([], {}, /AWS_SECRET_ACCESS_KEY=\S+\n[\s\S]*endpoint-url/);
  const text = banner();
  assert.ok(text.includes('it is not AWS'));
  const stsUrl = /STS: +(\S+)/.exec(text)?.[1] ?? '';
  const accessKeyId = /AWS_ACCESS_KEY_ID=(\S+)/.exec(text)?.[1] ?? '';
  const secretAccessKey = /AWS_SECRET_ACCESS_KEY=(\S+)/.exec(text)?.[1] ?? '';
  assert.match(accessKeyId, /^AKIA[A-Z2-7]{16}$/);
  const client = new STSClient({ region: 'us-east-1', endpoint: stsUrl, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  assert.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, 'arn:aws:iam::111111111111:user/roleport-broker');
  for (const role of ['arn:aws:iam::111111111111:role/Admin', 'arn:aws:iam::111111111111:role/ReadOnly', 'arn:aws:iam::222222222222:role/Developer', 'arn:aws:iam::222222222222:role/ReadOnly']) {
    // The demo's Admin trusts only sessions tagged as past Roleport's step-up.
    const mfa = role.endsWith('/Admin') ? [{ Key: 'mfa', Value: 'true' }, { Key: 'mfa-method', Value: 'totp' }] : [];
    const assumed = await client.send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'alice', DurationSeconds: 43200, SourceIdentity: 'alice', Tags: [{ Key: 'department', Value: 'platform' }, ...mfa] }));
    assert.ok(assumed.AssumedRoleUser?.Arn?.endsWith('/alice'));
  }
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('--config starts the sandbox of the file’s sandbox: section, ignoring other sections', async () => {
  const file = join(dir, 'good.yaml');
  writeFileSync(file, `server: { port: 3000 }
sandbox:
  accounts: ["333333333333"]
  users:
    - { name: ci, account: "333333333333", accessKeyId: AKIACIUSER0000000001, secretAccessKey: env:CI_SECRET }
  roles:
    - account: "333333333333"
      name: Deployer
      path: /ci/
      trustPolicy: { Version: "2012-10-17", Statement: [ { Effect: Allow, Principal: { AWS: "333333333333" }, Action: sts:AssumeRole } ] }
`);
  const { child, banner, exited } = await start(['--config', file], { CI_SECRET: 'ci-secret-value-0123456789' });
  assert.ok(banner().includes('arn:aws:iam::333333333333:role/ci/Deployer'));
  assert.ok(!banner().includes('AWS_SECRET_ACCESS_KEY'), 'a configured sandbox prints no keys');
  const stsUrl = /STS: +(\S+)/.exec(banner())?.[1] ?? '';
  const client = new STSClient({ region: 'us-east-1', endpoint: stsUrl, credentials: { accessKeyId: 'AKIACIUSER0000000001', secretAccessKey: 'ci-secret-value-0123456789' }, maxAttempts: 1 });
  const assumed = await client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::333333333333:role/ci/Deployer', RoleSessionName: 'pipeline' }));
  assert.equal(assumed.AssumedRoleUser?.Arn, 'arn:aws:sts::333333333333:assumed-role/Deployer/pipeline');
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('a bad sandbox: section is refused with every problem and its key path', async () => {
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, `sandbox:
  accounts: ["1234"]
  users:
    - { name: ci, account: "999999999999", accessKeyId: AKIACIUSER0000000001, secretAccessKey: env:NOT_SET_ANYWHERE }
  roles:
    - account: "1234"
      name: Deployer
      maxSessionDuration: 24h
      trustPolicy: { Statement: [ { Effect: Allow, Principal: { AWS: "*" }, Action: sts:AssumeRole, Condition: { StringEqualz: { sts:ExternalId: x } } } ] }
  color: blue
`);
  const result = await runToEnd(['--config', file]);
  assert.equal(result.code, 1);
  for (const line of [
    "sandbox.color: unknown key 'color'",
    "sandbox.accounts[0]: expected a 12-digit AWS account id (found '1234')",
    "sandbox.users[0].secretAccessKey: environment variable NOT_SET_ANYWHERE is not set (the key refers to it as 'env:NOT_SET_ANYWHERE')",
    'sandbox.roles[0].maxSessionDuration: must be at most 12h',
  ]) assert.ok(result.stderr.includes(line), `expected "${line}" in:\n${result.stderr}`);
});

test('account references and trust policies are checked once the section is well-formed', async () => {
  const file = join(dir, 'refs.yaml');
  writeFileSync(file, `sandbox:
  accounts: ["111111111111"]
  users:
    - { name: ci, account: "999999999999", accessKeyId: AKIACIUSER0000000001, secretAccessKey: env:CI_SECRET }
  roles:
    - account: "111111111111"
      name: Deployer
      trustPolicy: { Statement: [ { Effect: Allow, Principal: { AWS: "*" }, Action: sts:AssumeRole, Resource: "*", Condition: { StringEqualz: { sts:ExternalId: x } } } ] }
  oidcProviders:
    - { account: "222222222222", issuer: https://login.example.com, clientIds: [roleport] }
`);
  const result = await runToEnd(['--config', file], { CI_SECRET: 'x' });
  assert.equal(result.code, 1);
  for (const line of [
    'sandbox.users[0].account: account 999999999999 is not in sandbox.accounts (111111111111)',
    'sandbox.oidcProviders[0].account: account 222222222222 is not in sandbox.accounts (111111111111)',
    'sandbox.roles[0].trustPolicy: invalid trust policy: Statement[0]: Has prohibited field Resource',
    'sandbox.roles[0].trustPolicy: invalid trust policy: Statement[0]: Condition: unknown operator StringEqualz',
  ]) assert.ok(result.stderr.includes(line), `expected "${line}" in:\n${result.stderr}`);
});

test('a file without a sandbox: section, a missing file and a bad port are refused plainly', async () => {
  const file = join(dir, 'nosandbox.yaml');
  writeFileSync(file, 'server: { port: 3000 }\n');
  const none = await runToEnd(['--config', file]);
  assert.equal(none.code, 1);
  assert.ok(none.stderr.includes("sandbox: is required (the file needs a top-level 'sandbox:' section"), none.stderr);
  const missing = await runToEnd(['--config', join(dir, 'nope.yaml')]);
  assert.equal(missing.code, 1);
  assert.ok(missing.stderr.includes('cannot read the file: ENOENT'), missing.stderr);
  const port = await runToEnd(['--port', 'eighty']);
  assert.equal(port.code, 2);
  assert.ok(port.stderr.includes("--port: found 'eighty', expected a whole number from 0 to 65535"));
});
