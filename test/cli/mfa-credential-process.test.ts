// credential-process for a role that needs MFA: a token whose approval-time verification is older
// than mfa.tokenMaxAge gets one instruction; a new approval with the factor opens the role again.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { demoAccessKeyId, demoConfig, demoSecrets } from '../../src/config/demo.ts';
import { decide, deviceToken, signedIn } from '../api/device-helpers.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { withMfa } from '../support/step-up.ts';

const NODE = process.execPath;
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

let now = Date.now();
let app: TestApp;
let dir: string;
before(async () => {
  app = await startTestApp({ env: demoSecrets(), clock: () => new Date(now), config: (url) => withMfa(demoConfig(url, 3000, demoAccessKeyId()), { tokenMaxAge: '2h' }) });
  dir = await mkdtemp(join(tmpdir(), 'roleport-cli-mfa-'));
});
after(async () => {
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Keeps `token` as `roleport login` would (tokens.json, 0600 in a 0700 folder). */
async function signInCli(token: string) {
  await mkdir(join(dir, 'roleport'), { recursive: true, mode: 0o700 });
  const tokens = { [app.url]: { token, expiresAt: new Date(Date.now() + 11 * 3600_000).toISOString(), username: 'alice' } };
  await writeFile(join(dir, 'roleport', 'tokens.json'), JSON.stringify(tokens), { mode: 0o600 });
}

const credentialProcess = (role: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_CONFIG_HOME: dir };
    execFile(NODE, [MAIN, 'credential-process', '--url', app.url, '--role', role], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });

describe('credential-process for sandbox-prod/Admin, which needs a second factor', () => {
  test('says what to do when the verification of its sign-in is too old, and prints no keys', async () => {
    await signInCli(await deviceToken(app, 'alice'));
    now += 3 * 3600_000;
    const result = await credentialProcess('sandbox-prod/Admin');
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `roleport credential-process: This role needs a second factor: run \`roleport login --url ${app.url}\` and verify at the approval page\n`);
    // The same sign-in still opens roles that need no second factor.
    const developer = await credentialProcess('sandbox-dev/Developer');
    assert.equal(developer.code, 0, developer.stderr);
  });

  test('works after a new approval with the factor', async () => {
    await signInCli(await deviceToken(app, 'alice'));
    const result = await credentialProcess('sandbox-prod/Admin');
    assert.equal(result.code, 0, result.stderr);
    const keys = JSON.parse(result.stdout);
    assert.equal(keys.Version, 1);
    assert.match(keys.AccessKeyId, /^ASIA/);
    const issued = app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === 'credentials.issued').at(-1).audit;
    assert.equal(issued.target.role, 'Admin');
    assert.equal(issued.actor.username, 'alice');
  });

  test('export --open, when the verification is too old, signs in again with the approval page opened, then prints the keys', async () => {
    await signInCli(await deviceToken(app, 'alice'));
    now += 3 * 3600_000;
    // The browser this machine would open: a script that notes the page it was given.
    const bin = join(dir, 'bin');
    await mkdir(bin, { recursive: true });
    const opened = join(dir, 'opened');
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: dir, XDG_CONFIG_HOME: dir };
    const child = spawn(NODE, [MAIN, 'export', '--url', app.url, '--role', 'sandbox-prod/Admin', '--open'], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /\b([A-Z]{4}-[A-Z]{4})\b/.exec(stderr);
        if (match) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`export ended early: ${stderr}`)));
    });
    assert.match(stderr, /^This role needs a second factor: verify it on the approval page of a new sign-in\.\n/);
    await decide(await signedIn(app, 'alice'), code, 'approve');
    const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(exitCode, 0, stderr);
    assert.equal(await readFile(opened, 'utf8'), `${app.url}/device`);
    assert.match(stdout, /^export AWS_ACCESS_KEY_ID='ASIA/m);
  });
});
