// The roleport command end to end against the demo: login through the device flow (approved by
// alice's browser), then the Debian AWS CLI with a credential_process profile, the cache, roles,
// export, console, an expired or revoked token, and logout.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { consoleLoginUrl } from '../support/console-login.ts';
import { decide, signedIn } from '../api/device-helpers.ts';

const NODE = process.execPath;
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const AWS = '/usr/bin/aws';

type Run = { code: number; stdout: string; stderr: string };

describe('the roleport command', () => {
  let app: TestApp;
  let dir: string;
  let configHome: string;
  let env: Record<string, string>;
  let awsConfig: string;
  let revokedToken = '';
  const issued = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === 'credentials.issued').length;
  const tokensFile = () => join(configHome, 'roleport', 'tokens.json');

  const run = (command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(command, args, { env: { ...env, ...extraEnv }, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      });
    });
  const roleport = (...args: string[]) => run(NODE, [MAIN, ...args]);
  const aws = (...args: string[]) => run(AWS, [...args, '--endpoint-url', `${app.url}/sandbox/sts`, '--output', 'json'], { AWS_CONFIG_FILE: awsConfig });

  before(async () => {
    app = await startTestApp({ demo: true });
    dir = await mkdtemp(join(tmpdir(), 'roleport-cli-'));
    configHome = join(dir, 'config');
    const emptyCredentials = join(dir, 'empty-credentials');
    await writeFile(emptyCredentials, '');
    awsConfig = join(dir, 'aws-config');
    await writeFile(awsConfig, `[profile roleport]\nregion = us-east-1\ncredential_process = ${NODE} ${MAIN} credential-process --url ${app.url} --role sandbox-prod/Admin\n`);
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      XDG_CONFIG_HOME: configHome,
      AWS_SHARED_CREDENTIALS_FILE: emptyCredentials,
      AWS_CONFIG_FILE: join(dir, 'no-such-config'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PROFILE: 'roleport',
    };
  });
  after(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('credential-process before any login says to run roleport login, prints nothing on stdout and fails', async () => {
    const result = await roleport('credential-process', '--url', app.url, '--role', 'sandbox-prod/Admin');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `roleport credential-process: not signed in to ${app.url}; run: roleport login --url ${app.url}\n`);
  });

  test('login shows the page and, apart, the code to type, waits for alice to approve in her browser, and keeps the token in a 0600 file', async () => {
    const child = spawn(NODE, [MAIN, 'login', '--url', app.url], { env });
    let stderr = '';
    const code = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /and type this code:\n\n  ([A-Z]{4}-[A-Z]{4})\n/.exec(stderr);
        if (match) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`login ended early: ${stderr}`)));
    });
    assert.match(stderr, new RegExp(`open this page in your browser:\\n\\n  ${app.url}/device\\n`));
    assert.doesNotMatch(stderr, /user_code=/);
    const approved = await decide(await signedIn(app, 'alice'), code, 'approve');
    assert.match(approved.pageBefore, /roleport CLI, /);
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(exitCode, 0, stderr);
    assert.match(stderr, new RegExp(`Signed in to ${app.url.replace(/\./g, '\\.')} as Alice Example \\(alice\\) until \\d{4}-`));

    assert.equal((await stat(join(configHome, 'roleport'))).mode & 0o777, 0o700);
    assert.equal((await stat(tokensFile())).mode & 0o777, 0o600);
    const tokens = JSON.parse(await readFile(tokensFile(), 'utf8'));
    assert.deepEqual(Object.keys(tokens), [app.url]);
    assert.match(tokens[app.url].token, /^rpt_/);
    assert.equal(tokens[app.url].username, 'alice');
  });

  test('the AWS CLI with a credential_process profile acts as assumed-role/Admin/alice, and a second call reuses the cached keys', async () => {
    const before = issued();
    const first = await aws('sts', 'get-caller-identity');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
    assert.equal(issued(), before + 1);

    const second = await aws('sts', 'get-caller-identity');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(JSON.parse(second.stdout).Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
    assert.equal(issued(), before + 1, 'the second call was served from the cache');

    const cacheDirs = await readdir(join(configHome, 'roleport', 'cache'));
    const files = await readdir(join(configHome, 'roleport', 'cache', cacheDirs[0]));
    assert.equal(files.length, 1);
    assert.equal((await stat(join(configHome, 'roleport', 'cache', cacheDirs[0], files[0]))).mode & 0o777, 0o600);
  });

  test('credential-process prints only the Version 1 JSON; another duration is new keys', async () => {
    const before = issued();
    const result = await roleport('credential-process', '--url', app.url, '--role', 'sandbox-prod/Admin', '--duration', '1h');
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const json = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(json), ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration']);
    assert.equal(json.Version, 1);
    const lifetime = Date.parse(json.Expiration) - Date.now();
    assert.ok(lifetime > 3500_000 && lifetime <= 3600_000, String(lifetime));
    assert.equal(issued(), before + 1);
  });

  test("export --format bash writes the shell exports with the sandbox's STS, which the AWS CLI accepts", async () => {
    const result = await roleport('export', '--url', app.url, '--role', 'sandbox-prod/Admin', '--format', 'bash');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^# AWS credentials for sandbox-prod\/Admin from Roleport; they expire at /);
    assert.match(result.stdout, new RegExp(`^export AWS_ENDPOINT_URL_STS='${app.url}/sandbox/sts'$`, 'm'));
    assert.match(result.stdout, /^export AWS_REGION='us-east-1'\nexport AWS_DEFAULT_REGION='us-east-1'$/m, "the role's region, from the API's answer");
    const shell = await run('bash', ['-c', `${result.stdout}\nunset AWS_PROFILE\n"${AWS}" sts get-caller-identity --endpoint-url "$AWS_ENDPOINT_URL_STS" --output json`]);
    assert.equal(shell.code, 0, shell.stderr);
    assert.equal(JSON.parse(shell.stdout).Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
    const refused = await roleport('export', '--url', app.url, '--role', 'sandbox-prod/Admin', '--format', 'yaml');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^roleport export: --format: 'yaml' is not one of bash\|fish\|powershell\|cmd\|credentials\|config\|credential-process\|dotenv\n/);
  });

  test("roles prints alice's roles as a table; ROLEPORT_URL stands in for --url", async () => {
    const result = await run(NODE, [MAIN, 'roles'], { ROLEPORT_URL: app.url });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ROLE\s+ACCOUNT ID\s+LONGEST\s+DESCRIPTION$/);
    assert.ok(lines.some((line) => /^sandbox-prod\/Admin\s+111111111111\s+12h\s+Full administrator$/.test(line)), result.stdout);
    assert.equal(lines.length, 5);
  });

  test('console prints a sign-in URL of the federation endpoint', async () => {
    const result = await roleport('console', '--url', app.url, '--role', 'sandbox-dev/Developer');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^\S+\n$/);
    assert.match(consoleLoginUrl(result.stdout.trim()).href, new RegExp(`^${app.url}/sandbox/federation\\?Action=login&.*SigninToken=[^&\\s]+$`));
  });

  test('the keys page shows the install line, the login, roleport configure and the credential_process profile for its role, to check with command -v', async () => {
    const browser = await signedIn(app, 'alice');
    const page = await browser.post('/keys/sandbox-prod/Admin', { _csrf: await browser.csrfToken('/keys/sandbox-prod/Admin'), duration: '900' });
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.ok(html.includes(`<pre><code id="renew-profile">[profile sandbox-prod-Admin]\ncredential_process = /usr/local/bin/roleport credential-process --url ${app.url} --role sandbox-prod/Admin\nregion = us-east-1</code></pre>`), html);
    assert.ok(html.includes("<code>roleport configure</code> (it writes the command's own full path)"));
    assert.ok(html.includes('with the path <code>command -v roleport</code> prints'));
    assert.ok(html.includes(`Install it (Node.js 20 or later): <code>npm install -g ${app.url}/cli/roleport-cli.tgz</code>`), html);
    assert.ok(html.includes(`Sign in once: <code>roleport login --url ${app.url}</code>`));
  });

  test('a role alice does not have is refused with the reason', async () => {
    const result = await roleport('credential-process', '--url', app.url, '--role', 'sandbox-prod/Nope');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, "roleport credential-process: there is no role 'sandbox-prod/Nope'\n");
  });

  test('an expired token gives the clear message and a non-zero exit, also through the AWS CLI', async () => {
    const saved = await readFile(tokensFile(), 'utf8');
    const tokens = JSON.parse(saved);
    tokens[app.url].expiresAt = '2020-01-01T00:00:00.000Z';
    await writeFile(tokensFile(), JSON.stringify(tokens), { mode: 0o600 });
    try {
      const result = await roleport('credential-process', '--url', app.url, '--role', 'sandbox-prod/Admin');
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `roleport credential-process: your sign-in to ${app.url} expired at 2020-01-01T00:00:00.000Z; run: roleport login --url ${app.url}\n`);
      const viaAws = await aws('sts', 'get-caller-identity');
      assert.notEqual(viaAws.code, 0);
      assert.match(viaAws.stderr, new RegExp(`run: roleport login --url ${app.url.replace(/\./g, '\\.')}`));
    } finally {
      await writeFile(tokensFile(), saved, { mode: 0o600 });
    }
  });

  test('logout revokes the token at Roleport and forgets it and the cached keys here', async () => {
    const { token } = JSON.parse(await readFile(tokensFile(), 'utf8'))[app.url];
    revokedToken = token;
    const result = await roleport('logout', '--url', app.url);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, `Signed out of ${app.url}.\n`);
    assert.deepEqual(JSON.parse(await readFile(tokensFile(), 'utf8')), {});
    assert.deepEqual(await readdir(join(configHome, 'roleport', 'cache')), []);
    const me = await fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 401);
    const after = await roleport('credential-process', '--url', app.url, '--role', 'sandbox-prod/Admin');
    assert.equal(after.code, 1);
    assert.match(after.stderr, /not signed in to .*; run: roleport login --url /);
  });

  test('a token revoked at Roleport (here by that logout) is refused there and forgotten, with the same instruction', async () => {
    const { token } = JSON.parse(await readFile(tokensFile(), 'utf8'))[app.url] ?? {};
    assert.equal(token, undefined);
    await writeFile(tokensFile(), JSON.stringify({ [app.url]: { token: revokedToken, expiresAt: new Date(Date.now() + 3600_000).toISOString() } }), { mode: 0o600 });
    const result = await roleport('credential-process', '--url', app.url, '--role', 'sandbox-dev/ReadOnly');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `roleport credential-process: ${app.url} no longer accepts your sign-in (the token is unknown, expired or revoked); run: roleport login --url ${app.url}\n`);
    assert.deepEqual(JSON.parse(await readFile(tokensFile(), 'utf8')), {});
  });
});
