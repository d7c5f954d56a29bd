// SIGTERM while 50 keys requests are in flight: each gets its keys or a 503 "shutting down" — never
// a reset connection — Roleport exits 0, and the audit store holds exactly the keys handed out.
import assert from 'node:assert/strict';
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import type { SandboxServer } from '../src/sandbox/index.ts';
import { ENV as SANDBOX_ENV, sandboxSection, startSandbox } from './aws/sandbox-fixture.ts';
import { LOCAL_USERS, PASSWORDS, TEST_ENV } from './support/fixtures.ts';
import { createClient, hiddenField } from './support/http-client.ts';
import { startRoleportProcess, writeConfig } from './support/roleport-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-shutdown-'));
let sandbox: SandboxServer | undefined;
after(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** STS behind a delay: every second call takes longer than the shutdown grace. */
async function slowSts(target: string): Promise<{ url: string; seen: () => number; close(): void }> {
  const upstream = new URL(target);
  let seen = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const delay = seen++ % 2 === 0 ? 50 : 4000;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      await sleep(delay);
      const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      res.on('error', () => undefined);
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${upstream.pathname}`, seen: () => seen, close: () => { server.closeAllConnections(); server.close(); } };
}

test('SIGTERM during 50 keys requests: keys or 503 "shutting down" for each, exit 0, audit rows equal keys handed out', async () => {
  sandbox = await startSandbox();
  const sts = await slowSts(sandbox.stsUrl);
  const auditPath = join(dir, 'audit.db');
  const file = writeConfig(dir, {
    server: { shutdownGrace: '2s' },
    session: { secret: 'env:TEST_SESSION_SECRET' },
    audit: { store: { type: 'sqlite', path: './audit.db' } },
    identity: [{ id: 'corp', type: 'local', users: LOCAL_USERS }],
    aws: { credentials: { sandboxUser: 'roleport-broker' }, endpoints: { sts: sts.url }, stsTimeout: 20 },
    accounts: [{ id: '111111111111', name: 'prod' }],
    roles: [{ account: 'prod', name: 'Admin' }],
    rules: [{ groups: ['aws-admins'], grant: ['prod/Admin'] }],
    sandbox: sandboxSection(),
  });
  const roleport = await startRoleportProcess(file, { ...TEST_ENV, ...SANDBOX_ENV });
  try {
    const client = createClient(roleport.url);
    assert.equal((await client.login('alice', PASSWORDS.alice)).status, 303);
    const csrf = hiddenField(await (await client.get('/keys/prod/Admin')).text(), '_csrf')!;
    const answers = Array.from({ length: 50 }, async () => {
      const response = await client.post('/keys/prod/Admin', { _csrf: csrf });
      return { status: response.status, html: await response.text() };
    });
    for (let i = 0; i < 200 && sts.seen() < 50; i++) await sleep(25);
    assert.equal(sts.seen(), 50, 'all 50 requests reached STS before the SIGTERM');
    roleport.child.kill('SIGTERM');

    const results = await Promise.all(answers); // a reset connection would reject here
    const handedOut = results.filter((r) => r.status === 200);
    const shuttingDown = results.filter((r) => r.status === 503);
    assert.equal(handedOut.length + shuttingDown.length, 50, `only keys or 503: ${results.map((r) => r.status).join(',')}`);
    assert.ok(handedOut.every((r) => /AWS_SECRET_ACCESS_KEY/.test(r.html)));
    assert.ok(shuttingDown.every((r) => r.html.includes('Roleport is shutting down; try again in a moment')));
    assert.ok(handedOut.length >= 1 && shuttingDown.length >= 1, `both kinds of answer: ${handedOut.length} keys, ${shuttingDown.length} 503`);
    assert.equal(await roleport.exited, 0);

    const db = new DatabaseSync(auditPath, { readOnly: true });
    const issued = db.prepare("SELECT count(*) AS n FROM audit_events WHERE event = 'credentials.issued'").get() as { n: number };
    db.close();
    assert.equal(Number(issued.n), handedOut.length);
  } finally {
    roleport.child.kill('SIGKILL');
    sts.close();
  }
});
