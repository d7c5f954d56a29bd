// Reload without a restart: the file and every file: secret read again on SIGHUP. A new role shows on
// the picker, a rotated broker key is used at once, a bad file is refused while the running
// configuration keeps serving, and sections only a restart applies keep their running values.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { checkRunnable } from '../src/checked-config.ts';
import { type ConfigError, checkSandboxSection, loadConfig } from '../src/config/index.ts';
import { createLogger } from '../src/log.ts';
import { createReloader } from '../src/reload.ts';
import { createRuntime } from '../src/runtime.ts';
import { type SandboxServer, startSandboxServer } from '../src/sandbox/index.ts';
import { LOCAL_USERS, PASSWORDS, TEST_ENV, baseConfig } from './support/fixtures.ts';
import { createClient, hiddenField } from './support/http-client.ts';
import { startRoleportProcess, writeConfig } from './support/roleport-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-reload-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PROD = '111111111111';
const OLD_KEY = { id: 'AKIAROTATEOLD0000001', secret: 'old-broker-secret/0123456789abcdefghijkl' };
const NEW_KEY = { id: 'AKIAROTATENEW0000002', secret: 'new-broker-secret/0123456789abcdefghijkl' };

/** AWS's side, knowing only `key` for the broker user: the old key stops working once rotated. */
async function sandboxWithKey(key: { id: string; secret: string }, port = 0): Promise<SandboxServer> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${PROD}:user/roleport-broker`] }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] };
  const { sandbox } = checkSandboxSection(
    { mount: false, accounts: [PROD], users: [{ name: 'roleport-broker', account: PROD, accessKeyId: key.id, secretAccessKey: 'env:BROKER_SECRET' }], roles: [{ account: PROD, name: 'Admin', trustPolicy: trust }] },
    { env: { BROKER_SECRET: key.secret }, baseDir: dir, file: '(test)' },
  );
  return startSandboxServer({ config: sandbox, port });
}

function writeBrokerKey(key: { id: string; secret: string }) {
  writeFileSync(join(dir, 'broker-key-id'), `${key.id}\n`);
  writeFileSync(join(dir, 'broker-secret'), `${key.secret}\n`);
}

function configFor(publicUrl: string, stsUrl: string, extra: { roles?: unknown[]; rules?: unknown[]; accounts?: unknown[]; session?: unknown; more?: Record<string, unknown> } = {}) {
  return {
    server: { publicUrl },
    session: extra.session ?? { secret: 'env:TEST_SESSION_SECRET' },
    identity: [{ id: 'corp', type: 'local', users: LOCAL_USERS }],
    aws: { credentials: { accessKeyId: 'file:broker-key-id', secretAccessKey: 'file:broker-secret' }, endpoints: { sts: stsUrl }, stsTimeout: 5 },
    accounts: extra.accounts ?? [{ id: PROD, name: 'prod' }],
    roles: extra.roles ?? [{ account: 'prod', name: 'Admin' }],
    rules: extra.rules ?? [{ groups: ['aws-admins'], grant: ['prod/Admin'] }],
    storage: { type: 'sqlite', path: ':memory:' },
    ...extra.more,
  };
}

async function keysFor(client: ReturnType<typeof createClient>, role: string): Promise<{ status: number; html: string }> {
  const csrf = hiddenField(await (await client.get(`/keys/${role}`)).text(), '_csrf')!;
  const response = await client.post(`/keys/${role}`, { _csrf: csrf });
  return { status: response.status, html: await response.text() };
}

test('the reload function: a new role on the picker, a rotated file: broker key used at once, a bad file refused while the old configuration serves', async () => {
  let sandbox = await sandboxWithKey(OLD_KEY);
  const sandboxPort = Number(new URL(sandbox.url).port);
  writeBrokerKey(OLD_KEY);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const file = writeConfig(dir, configFor(url, sandbox.stsUrl), 'in-process.yaml');
  const load = () => loadConfig({ path: file, env: TEST_ENV });
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write(chunk, _e, callback) { logs.push(String(chunk)); callback(); } }) });
  const runtime = await createRuntime(checkRunnable(load()), { logger });
  server.on('request', runtime.app);
  const reload = createReloader({ runtime, load, logger });
  try {
    const client = createClient(url);
    assert.equal((await client.login('alice', PASSWORDS.alice)).status, 303);
    assert.doesNotMatch(await (await client.get('/')).text(), /dev\/Developer/);

    // A new account, role and rule.
    writeConfig(dir, configFor(url, sandbox.stsUrl, { accounts: [{ id: PROD, name: 'prod' }, { id: '222222222222', name: 'dev' }], roles: [{ account: 'prod', name: 'Admin' }, { account: 'dev', name: 'Developer' }], rules: [{ groups: ['aws-admins'], grant: ['prod/Admin', 'dev/Developer'] }] }), 'in-process.yaml');
    const added = await reload('test');
    assert.deepEqual(added, { reloaded: true, changed: ['accounts', 'roles', 'rules'], needsRestart: [], warnings: [] });
    assert.match(await (await client.get('/')).text(), /dev\/Developer/, 'the new role is on the picker without a restart');
    assert.ok(logs.some((line) => /"event":"config.reloaded"/.test(line) && /"outcome":"success"/.test(line) && /"changed":"accounts,roles,rules"/.test(line)), 'audited');

    // AWS rotates the broker's key: the old one stops working; the files get the new one.
    assert.equal((await keysFor(client, 'prod/Admin')).status, 200);
    await sandbox.close();
    sandbox = await sandboxWithKey(NEW_KEY, sandboxPort);
    assert.notEqual((await keysFor(client, 'prod/Admin')).status, 200, 'the old key is refused by AWS');
    writeBrokerKey(NEW_KEY);
    assert.equal((await reload('test')).reloaded, true);
    const rotated = await keysFor(client, 'prod/Admin');
    assert.equal(rotated.status, 200, 'the rotated key from the file works without a restart');
    assert.match(rotated.html, /AWS_SECRET_ACCESS_KEY/);

    // A file with problems, then a file: secret that is gone: each refused, the running configuration serves on.
    writeConfig(dir, configFor(url, sandbox.stsUrl, { roles: [{ account: 'staging', name: 'Admin' }] }), 'in-process.yaml');
    const bad = await reload('test');
    assert.deepEqual(bad, { reloaded: false, problems: ["roles[0].account: no account is named 'staging'; accounts: prod (found 'staging')"] });
    assert.ok(logs.some((line) => line.includes('configuration reload refused; the running configuration keeps serving. The configuration has problems.') && line.includes("no account is named 'staging'")));
    assert.ok(logs.some((line) => /"event":"config.reloaded"/.test(line) && /"outcome":"refused"/.test(line)), 'the refusal is audited');
    writeConfig(dir, configFor(url, sandbox.stsUrl), 'in-process.yaml');
    unlinkSync(join(dir, 'broker-secret'));
    const missing = await reload('test');
    assert.equal(missing.reloaded, false);
    const atStart = (() => {
      try {
        load();
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    assert.deepEqual(missing.reloaded ? [] : missing.problems, atStart, 'the messages a start would give');
    assert.match(atStart?.join() ?? '', /^aws\.credentials: /);
    assert.match(await (await client.get('/')).text(), /dev\/Developer/, 'the last good configuration still serves');
    assert.equal((await keysFor(client, 'prod/Admin')).status, 200, 'and still issues with the rotated key');

    // Sections only a restart applies keep their running values, and the reload says so.
    writeBrokerKey(NEW_KEY);
    // A new mfa.encryptionKey would leave enrolled factors unreadable: it waits for a restart too.
    writeFileSync(join(dir, 'mfa.key'), 'k'.repeat(44));
    writeConfig(dir, configFor(url, sandbox.stsUrl, { session: { secret: 'env:TEST_SESSION_SECRET', idleTimeout: '5m' }, more: { metrics: { port: 9464 }, mfa: { encryptionKey: 'file:mfa.key' }, timeouts: { operation: '5s' } } }), 'in-process.yaml');
    const restartOnly = await reload('test');
    assert.deepEqual(restartOnly.reloaded && [restartOnly.needsRestart, restartOnly.changed], [['session', 'metrics.port', 'mfa.encryptionKey'], ['timeouts', 'accounts', 'roles', 'rules']], 'metrics and mfa are not changed: only their restart-only keys differ');
    assert.equal(runtime.ctx.config.session.idleTimeout, 1800, 'the running session settings stay');
    assert.equal(runtime.ctx.config.mfa.encryptionKey, undefined, 'and the running (absent) factor key');
    assert.equal(runtime.ctx.config.metrics.port, undefined);
    assert.equal(runtime.ctx.config.timeouts.operation, 5, 'the sign-in deadline is new');
    assert.ok(logs.some((line) => line.includes('configuration sections changed that only a restart applies: session, metrics.port, mfa.encryptionKey')));
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.close();
    await sandbox.close();
  }
});

test('SIGHUP to the running process: a role added to the file appears on the picker; a bad file is refused with the start-up messages and the old configuration serves', async () => {
  const file = writeConfig(dir, baseConfig({ roles: [{ account: 'prod', name: 'Admin' }], rules: [{ groups: ['aws-admins'], grant: ['prod/Admin'] }] }), 'process.yaml');
  const roleport = await startRoleportProcess(file, TEST_ENV);
  try {
    const client = createClient(roleport.url);
    assert.equal((await client.login('alice', PASSWORDS.alice)).status, 303);
    assert.doesNotMatch(await (await client.get('/')).text(), /prod\/ReadOnly/);

    writeConfig(dir, baseConfig({ roles: [{ account: 'prod', name: 'Admin' }, { account: 'prod', name: 'ReadOnly' }], rules: [{ groups: ['aws-admins'], grant: ['prod/Admin', 'prod/ReadOnly'] }] }), 'process.yaml');
    roleport.child.kill('SIGHUP');
    await roleport.logged(/configuration reloaded from .*process\.yaml: changed roles, rules/);
    assert.match(await (await client.get('/')).text(), /prod\/ReadOnly/);

    writeFileSync(file, 'roles: [ { account: prod\n');
    roleport.child.kill('SIGHUP');
    const refused = await roleport.logged(/configuration reload refused/);
    assert.match(refused, /YAML syntax: /);
    assert.match(await (await client.get('/')).text(), /prod\/ReadOnly/, 'the running configuration keeps serving');
    assert.equal((await fetch(`${roleport.url}/readyz`)).status, 200);

    roleport.child.kill('SIGTERM');
    assert.equal(await roleport.exited, 0);
  } finally {
    roleport.child.kill('SIGKILL');
  }
});
