// The roleport command as an employee gets it: the package built from the repository, served by
// Roleport at /cli/roleport-cli.tgz, installed with `npm install -g <that URL>` into a temporary
// prefix and run on the machine's own Node 20 (/usr/bin/node), never the repository's Node 24.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildCliPackage } from '../../src/cli-package/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { consoleLoginUrl } from '../support/console-login.ts';
import { decide, signedIn } from '../api/device-helpers.ts';

const AWS = '/usr/bin/aws';
const SYSTEM_PATH = '/usr/bin:/bin';

type Run = { code: number; stdout: string; stderr: string };

function run(command: string, args: string[], env: Record<string, string>, timeout = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('the installed roleport command', () => {
  let app: TestApp;
  let dir: string;
  let prefix: string;
  let roleportBin: string;
  let env: Record<string, string>;
  const roleport = (...args: string[]) => run(roleportBin, args, env);

  before(async () => {
    app = await startTestApp({ demo: true });
    dir = await mkdtemp(join(tmpdir(), 'roleport-installed-'));
    prefix = join(dir, 'prefix');
    roleportBin = join(prefix, 'bin', 'roleport');
    await mkdir(join(dir, 'home'));
    const emptyCredentials = join(dir, 'empty-credentials');
    await writeFile(emptyCredentials, '');
    // Only the system's Node on PATH: the package must run on it.
    env = {
      PATH: `${join(prefix, 'bin')}:${SYSTEM_PATH}`,
      HOME: join(dir, 'home'),
      AWS_SHARED_CREDENTIALS_FILE: emptyCredentials,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });
  after(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the package built from the repository is one JavaScript file for Node >= 20 with no dependencies', async () => {
    const out = join(dir, 'built');
    const file = await buildCliPackage(out);
    assert.equal(file, join(out, 'roleport-cli.tgz'));
    const listing = await run('tar', ['tzf', file], { PATH: SYSTEM_PATH });
    assert.deepEqual(listing.stdout.trim().split('\n').sort(), ['package/package.json', 'package/roleport.mjs']);
    const manifest = JSON.parse((await run('tar', ['xzOf', file, 'package/package.json'], { PATH: SYSTEM_PATH })).stdout);
    assert.equal(manifest.name, 'roleport-cli');
    assert.deepEqual(manifest.bin, { roleport: 'roleport.mjs' });
    assert.deepEqual(manifest.engines, { node: '>=20' });
    assert.equal(manifest.dependencies, undefined);
  });

  test('npm install -g <publicUrl>/cli/roleport-cli.tgz installs it, and it runs on the system Node 20', async () => {
    assert.match((await run('node', ['--version'], env)).stdout, /^v20\./);
    const installed = await run('npm', ['install', '-g', `${app.url}/cli/roleport-cli.tgz`, '--prefix', prefix, '--no-audit', '--no-fund', '--cache', join(dir, 'npm-cache')], env, 240_000);
    assert.equal(installed.code, 0, installed.stderr);
    const version = await roleport('--version');
    assert.equal(version.code, 0, version.stderr);
    const { version: repoVersion } = JSON.parse(await readFile('package.json', 'utf8'));
    assert.equal(version.stdout, `roleport ${repoVersion}\n`);
    const help = await roleport('--help');
    assert.match(help.stdout, /^usage: roleport <command> \[options\]/);
    assert.doesNotMatch(help.stdout, /sandbox|hash-password/, "the server's commands are not the employee's");
  });

  test('login through the device flow, approved in the browser, remembers the URL for the other commands', async () => {
    const child = spawn(roleportBin, ['login', '--url', app.url], { env });
    let stderr = '';
    const code = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /\b([A-Z]{4}-[A-Z]{4})\b/.exec(stderr);
        if (match) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`login ended early: ${stderr}`)));
    });
    await decide(await signedIn(app, 'alice'), code, 'approve');
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(exitCode, 0, stderr);
    assert.match(stderr, /Signed in to .* as Alice Example \(alice\)/);
  });

  test('credential-process, without --url, prints the Version 1 JSON of the role', async () => {
    const result = await roleport('credential-process', '--role', 'sandbox-prod/Admin');
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.equal(json.Version, 1);
    assert.match(json.AccessKeyId, /^ASIA/);
  });

  test('configure writes one profile per role into ~/.aws/config, inside its block, and the AWS CLI acts as the role through it', async () => {
    const config = join(env.HOME, '.aws', 'config');
    await mkdir(join(env.HOME, '.aws'));
    const own = '[default]\nregion = eu-west-1\n\n[profile mine]\noutput = json\n';
    await writeFile(config, own);
    const result = await roleport('configure');
    assert.equal(result.code, 0, result.stderr);
    const written = await readFile(config, 'utf8');
    assert.ok(written.startsWith(own), 'the person\'s own profiles stay as they were');
    assert.ok(
      written.includes(`[profile sandbox-prod-Admin]\ncredential_process = ${roleportBin} credential-process --url ${app.url} --role sandbox-prod/Admin\nregion = us-east-1\n`),
      written,
    );
    assert.equal([...written.matchAll(/^\[profile sandbox-/gm)].length, 4);
    assert.match(written, new RegExp(`^# >>> roleport ${app.url.replace(/\./g, '\\.')} >>>`, 'm'));

    const again = await roleport('configure');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await readFile(config, 'utf8'), written, 'running it again updates the block in place');
    const dry = await roleport('configure', '--prefix', 'corp-', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^\[profile corp-sandbox-dev-ReadOnly\]$/m);
    assert.equal(await readFile(config, 'utf8'), written, '--dry-run leaves the file alone');

    const aws = await run(AWS, ['sts', 'get-caller-identity', '--profile', 'sandbox-prod-Admin', '--endpoint-url', `${app.url}/sandbox/sts`, '--output', 'json'], env);
    assert.equal(aws.code, 0, aws.stderr);
    assert.equal(JSON.parse(aws.stdout).Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
  });

  test('exec runs a command with the keys and region in its environment and passes its exit code through', async () => {
    const shell = await roleport('exec', '--role', 'sandbox-prod/Admin', '--', 'sh', '-c', 'echo "$AWS_ACCESS_KEY_ID $AWS_REGION $ROLEPORT_ROLE ${AWS_PROFILE:-none}"; exit 3');
    assert.equal(shell.code, 3, shell.stderr);
    assert.match(shell.stdout, /^ASIA[A-Z0-9]+ us-east-1 sandbox-prod\/Admin none\n$/);
    const aws = await roleport('exec', '--role', 'sandbox-prod/Admin', '--', AWS, 'sts', 'get-caller-identity', '--endpoint-url', `${app.url}/sandbox/sts`, '--output', 'json');
    assert.equal(aws.code, 0, aws.stderr);
    assert.equal(JSON.parse(aws.stdout).Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
    const missing = await roleport('exec', '--role', 'sandbox-prod/Admin', '--', 'no-such-program-here');
    assert.equal(missing.code, 127);
    assert.equal(missing.stderr, "roleport exec: cannot run 'no-such-program-here': no such command\n");
  });

  test('serve gives the AWS CLI the role through the container-credentials endpoint, with an empty HOME and only its two variables', async () => {
    const child = spawn(roleportBin, ['serve', '--role', 'sandbox-prod/Admin'], { env });
    try {
      let stdout = '';
      const variables = await new Promise<Record<string, string>>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const uri = /^export AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)$/m.exec(stdout)?.[1];
          const token = /^export AWS_CONTAINER_AUTHORIZATION_TOKEN=(\S+)$/m.exec(stdout)?.[1];
          if (uri && token) resolve({ AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: token });
        });
        child.once('exit', (code) => reject(new Error(`serve ended early (${code}): ${stdout}`)));
      });
      assert.match(variables.AWS_CONTAINER_CREDENTIALS_FULL_URI, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      const emptyHome = join(dir, 'empty-home');
      await mkdir(emptyHome);
      const aws = await run(AWS, ['sts', 'get-caller-identity', '--endpoint-url', `${app.url}/sandbox/sts`, '--region', 'us-east-1', '--output', 'json'], { PATH: SYSTEM_PATH, HOME: emptyHome, ...variables });
      assert.equal(aws.code, 0, aws.stderr);
      assert.equal(JSON.parse(aws.stdout).Arn, 'arn:aws:sts::111111111111:assumed-role/Admin/alice');
      const wrong = await fetch(variables.AWS_CONTAINER_CREDENTIALS_FULL_URI, { headers: { authorization: 'not-the-token' } });
      assert.equal(wrong.status, 401);
      assert.doesNotMatch(await wrong.text(), /ASIA/);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await new Promise((resolve) => child.once('exit', resolve)), 0);
  });

  test('the completion scripts for bash, zsh and fish pass their shells\' syntax checks, and bash completes commands and role names', async () => {
    for (const [shell, check] of [['bash', ['-n']], ['zsh', ['-n']], ['fish', ['--no-execute']]] as const) {
      const script = await roleport('completion', shell);
      assert.equal(script.code, 0, script.stderr);
      const file = join(dir, `completion.${shell}`);
      await writeFile(file, script.stdout);
      const checked = await run(`/usr/bin/${shell}`, [...check, file], env);
      assert.equal(checked.code, 0, `${shell}: ${checked.stderr}`);
    }
    const complete = (words: string) =>
      run('/usr/bin/bash', ['-c', `source ${join(dir, 'completion.bash')}; COMP_WORDS=(${words}); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _roleport; echo "\${COMPREPLY[*]}"`], env);
    assert.equal((await complete('roleport cred')).stdout, 'credential-process\n');
    assert.equal((await complete('roleport export --role sandbox-prod/A')).stdout, 'sandbox-prod/Admin\n');
    assert.equal((await complete('roleport exec --du')).stdout, '--duration\n');
    const misspelt = await roleport('completion', 'bsh');
    assert.equal(misspelt.code, 2);
    assert.match(misspelt.stderr, /^roleport completion: 'bsh' is not one of bash, zsh, fish; did you mean 'bash'\?\n/);
  });

  test('console finds the role from words, as the picker does, and lists the roles when several match', async () => {
    const one = await roleport('console', 'prod', 'admin');
    assert.equal(one.code, 0, one.stderr);
    assert.match(consoleLoginUrl(one.stdout.trim()).href, new RegExp(`^${app.url.replace(/\./g, '\\.')}/sandbox/federation\\?Action=login&`));
    const several = await roleport('console', 'readonly');
    assert.equal(several.code, 1);
    assert.equal(several.stdout, '');
    assert.equal(several.stderr, "roleport console: 'readonly' matches 2 roles: sandbox-dev/ReadOnly, sandbox-prod/ReadOnly; add a word or give --role\n");
  });

  test('a misspelt command, option and role each get the one meant', async () => {
    const command = await roleport('credentail-process', '--role', 'sandbox-prod/Admin');
    assert.equal(command.code, 2);
    assert.match(command.stderr, /^roleport: unknown command 'credentail-process'; did you mean 'credential-process'\?\n/);
    const option = await roleport('export', '--rol', 'sandbox-prod/Admin');
    assert.equal(option.code, 2);
    assert.match(option.stderr, /^roleport export: unknown option '--rol'; did you mean '--role'\?\n/);
    const role = await roleport('export', '--role', 'sandbox-prod/Admn');
    assert.equal(role.code, 1);
    assert.equal(role.stdout, '', 'eval "$(roleport export ...)" gets nothing to run');
    assert.equal(role.stderr, "roleport export: there is no role 'sandbox-prod/Admn'; did you mean 'sandbox-prod/Admin'?\n");
  });
});
