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
