// The Debian AWS CLI as an independent client: alice's issued keys work against the sandbox STS
// from the environment, from the credentials file, and through credential_process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type IssuedCredentials, type Issuer, createIssuer, formatCredentials } from '../../src/aws/index.ts';
import { createLogger } from '../../src/log.ts';
import type { SandboxServer } from '../../src/sandbox/index.ts';
import { PROD, alice, entitlementFor, roleportConfig, startSandbox, urlsOf } from './sandbox-fixture.ts';

const run = promisify(execFile);
const AWS = '/usr/bin/aws';

describe('the AWS CLI with keys Roleport issued', () => {
  let sandbox: SandboxServer;
  let issuer: Issuer;
  let issued: IssuedCredentials;
  let dir: string;
  let emptyFile: string;
  const arn = `arn:aws:sts::${PROD}:assumed-role/Admin/alice`;

  /** The CLI with nothing from this machine: empty config files, no instance metadata. */
  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(AWS, [...args, '--endpoint-url', sandbox.stsUrl, '--output', 'json'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        AWS_CONFIG_FILE: emptyFile,
        AWS_SHARED_CREDENTIALS_FILE: emptyFile,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_DEFAULT_REGION: 'us-east-1',
        ...env,
      },
    });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roleport-aws-cli-'));
    emptyFile = join(dir, 'empty');
    await writeFile(emptyFile, '');
    sandbox = await startSandbox();
    const config = roleportConfig(urlsOf(sandbox));
    issuer = createIssuer({ config, logger: createLogger({ level: 'silent' }) });
    issued = await issuer.issueCredentials({ identity: alice, entitlement: entitlementFor(config, alice, 'prod/Admin') });
  });
  after(async () => {
    await issuer.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("returns alice's assumed-role ARN from get-caller-identity with the keys in the environment", async () => {
    const { stdout } = await cli(['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: issued.accessKeyId,
      AWS_SECRET_ACCESS_KEY: issued.secretAccessKey,
      AWS_SESSION_TOKEN: issued.sessionToken,
    });
    const identity = JSON.parse(stdout) as { Arn: string; Account: string };
    assert.equal(identity.Arn, arn);
    assert.equal(identity.Arn, issued.arn);
    assert.equal(identity.Account, PROD);
  });

  it('is refused by the sandbox when the secret key is wrong', async () => {
    const wrong = `${issued.secretAccessKey.slice(0, -1)}${issued.secretAccessKey.endsWith('A') ? 'B' : 'A'}`;
    await assert.rejects(
      cli(['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: issued.accessKeyId, AWS_SECRET_ACCESS_KEY: wrong, AWS_SESSION_TOKEN: issued.sessionToken }),
      (error: { code?: number; stderr?: string }) => {
        assert.equal(error.code, 254);
        assert.match(error.stderr ?? '', /An error occurred \(SignatureDoesNotMatch\) when calling the GetCallerIdentity operation/);
        return true;
      },
    );
  });

  it('works from the bash export format, whose AWS_ENDPOINT_URL_STS names the sandbox', async () => {
    const script = formatCredentials(issued, 'bash', { profile: 'prod-Admin', roleKey: 'prod/Admin', sandboxStsUrl: sandbox.stsUrl });
    const { stdout } = await run('bash', ['-c', `${script}\n"${AWS}" sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --output json`], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, AWS_CONFIG_FILE: emptyFile, AWS_SHARED_CREDENTIALS_FILE: emptyFile, AWS_EC2_METADATA_DISABLED: 'true', AWS_DEFAULT_REGION: 'us-east-1' },
    });
    assert.equal((JSON.parse(stdout) as { Arn: string }).Arn, arn);
  });

  it('works from the ~/.aws/credentials profile format', async () => {
    const file = join(dir, 'credentials');
    await writeFile(file, formatCredentials(issued, 'credentials', { profile: 'prod-Admin', roleKey: 'prod/Admin' }));
    const { stdout } = await cli(['sts', 'get-caller-identity', '--profile', 'prod-Admin'], { AWS_SHARED_CREDENTIALS_FILE: file });
    assert.equal((JSON.parse(stdout) as { Arn: string }).Arn, arn);
  });

  it('works from the ~/.aws/config profile format, sandbox endpoint section included', async () => {
    const file = join(dir, 'config-profile');
    await writeFile(file, formatCredentials(issued, 'config', { profile: 'prod-Admin', roleKey: 'prod/Admin', sandboxStsUrl: sandbox.stsUrl }));
    const { stdout } = await cli(['sts', 'get-caller-identity', '--profile', 'prod-Admin'], { AWS_CONFIG_FILE: file });
    assert.equal((JSON.parse(stdout) as { Arn: string }).Arn, arn);
  });

  it('works through a credential_process profile whose command prints the credential_process JSON', async () => {
    const json = join(dir, 'credential-process.json');
    await writeFile(json, formatCredentials(issued, 'credential-process', { profile: 'prod-Admin', roleKey: 'prod/Admin' }));
    const config = join(dir, 'config');
    await writeFile(config, `[profile roleport]\ncredential_process = cat ${json}\n`);
    const { stdout } = await cli(['sts', 'get-caller-identity', '--profile', 'roleport'], { AWS_CONFIG_FILE: config });
    assert.equal((JSON.parse(stdout) as { Arn: string }).Arn, arn);
  });
});
