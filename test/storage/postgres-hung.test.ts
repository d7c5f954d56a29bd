// A PostgreSQL that hangs (a proxy that freezes in front of the shared one: connections accepted,
// nothing answered) fails each call within timeouts.store: the picker page with a 503 that says
// what to do, an audit append so no keys are handed out; once it answers, Roleport recovers alone.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createAudit, createPostgresAuditStore } from '../../src/audit/index.ts';
import { createLogger } from '../../src/log.ts';
import { type FreezableProxy, startFreezableProxy } from '../peers/freezable-proxy.ts';
import { dropPostgresAuditTable } from '../support/audit-tables.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';
import { metricSample } from '../support/metric.ts';

const POSTGRES = process.env.ROLEPORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `roleport_hung_${randomBytes(4).toString('hex')}`;
const table = `roleport_audit_hung_${randomBytes(4).toString('hex')}`;
let proxy: FreezableProxy;
let app: TestApp;
let proxied: string;

before(async () => {
  const target = new URL(POSTGRES);
  proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port || 5432) });
  target.host = `127.0.0.1:${proxy.port}`;
  proxied = target.toString();
  const config = baseConfig({ timeouts: { store: '1s' }, storage: { type: 'postgres', url: 'env:DATABASE_URL', schema } });
  app = await startTestApp({ config, env: { ...TEST_ENV, DATABASE_URL: proxied } });
});
after(async () => {
  proxy.thaw();
  await app?.close();
  await proxy?.close();
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  await dropPostgresAuditTable(POSTGRES, table);
});

const missed = () => metricSample(app.url, 'roleport_store_deadline_missed_total{store="postgres"}');

async function timed<T>(work: Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work;
  return { value, seconds: (performance.now() - started) / 1000 };
}

test('with timeouts.store 1s, a hung PostgreSQL fails the picker within 5 s with a 503; once it answers, the page serves again', async () => {
  const client = createClient(app.url);
  assert.equal((await client.login('alice', PASSWORDS.alice)).status, 303);
  assert.equal((await client.get('/')).status, 200);
  const before = await missed();

  proxy.freeze();
  const { value: hung, seconds } = await timed(client.get('/'));
  assert.equal(hung.status, 503);
  assert.ok(seconds >= 0.9 && seconds < 5, `answered after ${seconds.toFixed(1)} s`);
  assert.match(await hung.text(), /Roleport cannot reach its database for a moment \(no answer within 1 s\); try again in a minute/);
  assert.ok((await missed()) > before, 'the missed deadline is counted');

  proxy.thaw();
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    status = (await client.get('/')).status;
    if (status !== 200) await sleep(100);
  }
  assert.equal(status, 200, 'the pool makes new connections once PostgreSQL answers');
});

test('an audit append to a hung PostgreSQL fails within the deadline, so issuance refuses (503) instead of waiting', async () => {
  const store = await createPostgresAuditStore({ url: proxied, table, deadlineMs: 1000 });
  const audit = createAudit({ logger: createLogger({ level: 'silent' }), store });
  await audit.recordKept({ event: 'credentials.issued', outcome: 'success', actor: { username: 'alice', source: 'corp' } });
  proxy.freeze();
  const { value: refused, seconds } = await timed(audit.recordKept({ event: 'credentials.issued', outcome: 'success', actor: { username: 'alice', source: 'corp' } }).then(() => undefined, (error: unknown) => error as { status?: number; code?: string }));
  assert.deepEqual([refused?.status, refused?.code], [503, 'audit_unavailable']);
  assert.ok(seconds < 5, `refused after ${seconds.toFixed(1)} s`);
  proxy.thaw();
  let kept = false;
  for (let i = 0; i < 50 && !kept; i++) {
    kept = await audit.recordKept({ event: 'credentials.issued', outcome: 'success', actor: { username: 'alice', source: 'corp' } }).then(() => true, () => false);
    if (!kept) await sleep(100);
  }
  assert.ok(kept, 'appends work again once PostgreSQL answers');
  const verified = await store.verify!();
  assert.equal(verified.intact, true, 'the chain holds: the failed append left no row');
  await audit.close();
});
