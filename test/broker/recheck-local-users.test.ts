// The recheck against a local users file: bob, disabled in the file (read again on reload) while he
// is signed in, gets no keys once session.recheckAfter has passed, and is told why.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkRunnable } from '../../src/checked-config.ts';
import { checkSandboxSection, loadConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import { createReloader } from '../../src/reload.ts';
import { createRuntime } from '../../src/runtime.ts';
import { startSandboxServer } from '../../src/sandbox/index.ts';
import { LOCAL_USERS, PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { createClient, hiddenField } from '../support/http-client.ts';
import { writeConfig } from '../support/roleport-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-recheck-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PROD = '111111111111';
const BROKER = { id: 'AKIARECHECKLOCAL0001', secret: 'recheck-broker-secret/0123456789abcdefgh' };
let shift = 0;
const clock = () => new Date(Date.now() + shift);

const writeUsers = (bobDisabled: boolean) =>
  writeFileSync(join(dir, 'users.yaml'), JSON.stringify({ users: LOCAL_USERS.map((user) => (user.name === 'bob' ? { ...user, disabled: bobDisabled } : user)) }));

test('bob, disabled in the users file mid-session, gets no keys once recheckAfter has passed, and is told why', async () => {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${PROD}:user/roleport-broker` }, Action: 'sts:AssumeRole' }] };
  const { sandbox: sandboxConfig } = checkSandboxSection(
    { mount: false, accounts: [PROD], users: [{ name: 'roleport-broker', account: PROD, accessKeyId: BROKER.id, secretAccessKey: 'env:BROKER_SECRET' }], roles: [{ account: PROD, name: 'ReadOnly', trustPolicy: trust }] },
    { env: { BROKER_SECRET: BROKER.secret }, baseDir: dir, file: '(test)' },
  );
  const sandbox = await startSandboxServer({ config: sandboxConfig, clock });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeUsers(false);
  const env = { ...TEST_ENV, BROKER_KEY_ID: BROKER.id, BROKER_SECRET: BROKER.secret };
  const file = writeConfig(dir, {
    server: { publicUrl: url },
    session: { secret: 'env:TEST_SESSION_SECRET', recheckAfter: '2m' },
    identity: [{ id: 'corp', type: 'local', label: 'Corp users', users: './users.yaml' }],
    aws: { credentials: { accessKeyId: 'env:BROKER_KEY_ID', secretAccessKey: 'env:BROKER_SECRET' }, endpoints: { sts: sandbox.stsUrl } },
    accounts: [{ id: PROD, name: 'prod' }],
    roles: [{ account: 'prod', name: 'ReadOnly' }],
    rules: [{ groups: ['developers'], grant: ['prod/ReadOnly'] }],
    storage: { type: 'sqlite', path: ':memory:' },
  });
  const load = () => loadConfig({ path: file, env });
  const logger = createLogger({ level: 'silent' });
  const runtime = await createRuntime(checkRunnable(load()), { logger, clock });
  server.on('request', runtime.app);
  const reload = createReloader({ runtime, load, logger });
  const keys = async (client: ReturnType<typeof createClient>) => {
    const csrf = hiddenField(await (await client.get('/keys/prod/ReadOnly')).text(), '_csrf') ?? '';
    const response = await client.post('/keys/prod/ReadOnly', { _csrf: csrf });
    return { status: response.status, html: await response.text() };
  };
  try {
    const bob = createClient(url);
    assert.equal((await bob.login('bob', PASSWORDS.bob)).status, 303);
    assert.equal((await keys(bob)).status, 200);
    writeUsers(true);
    assert.equal((await reload('test')).reloaded, true);
    assert.equal((await keys(bob)).status, 200, 'until recheckAfter has passed, his sign-in stands');
    shift += 3 * 60_000;
    const refused = await keys(bob);
    assert.equal(refused.status, 403);
    assert.match(refused.html, /Corp users says this account is disabled or locked, so Roleport issued nothing and ended your sessions and CLI tokens/);
    assert.equal((await bob.get('/')).status, 302, 'signed out');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.close();
    await sandbox.close();
  }
});
