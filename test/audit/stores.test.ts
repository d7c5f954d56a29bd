// The audit trail kept in SQLite (one machine) and PostgreSQL (many replicas), beside the log.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { type AuditStore, createAudit, createPostgresAuditStore, createSqliteAuditStore } from '../../src/audit/index.ts';
import { createLogger } from '../../src/log.ts';
import { dropPostgresAuditTable } from '../support/audit-tables.ts';

const POSTGRES = process.env.ROLEPORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _e, callback) { lines.push(String(chunk)); callback(); } });
  return { lines, logger: createLogger({ destination }) };
}

async function recordsKeptBy(store: AuditStore) {
  const { lines, logger } = capture();
  const audit = createAudit({ logger, store });
  audit.record({ event: 'login.failed', outcome: 'refused', actor: { username: 'mallory', source: 'corp' }, client: { ip: '192.0.2.7' }, reason: 'wrong username or password' });
  audit.record({ event: 'credentials.issued', outcome: 'success', actor: { username: 'alice', source: 'corp' }, target: { account: 'prod', role: 'Admin' }, details: { durationSeconds: 3600, sessionName: 'alice' } });
  await audit.flush();
  const recent = await store.recent!(10);
  assert.equal(lines.length, 2, 'the log always gets every event too');
  return { recent, audit };
}

describe('audit stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roleport-audit-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('SQLite keeps every event with its fields, newest first, across reopening', async () => {
    const path = join(dir, 'nested', 'audit.db');
    const { recent, audit } = await recordsKeptBy(await createSqliteAuditStore(path));
    assert.deepEqual(recent.map((r) => r.event), ['credentials.issued', 'login.failed']);
    assert.equal(recent[1].client?.ip, '192.0.2.7');
    assert.equal(recent[0].details?.durationSeconds, 3600);
    await audit.close();
    const reopened = await createSqliteAuditStore(path);
    assert.equal((await reopened.recent!(10)).length, 2);
    await reopened.close();
  });

  test('PostgreSQL keeps every event in its own table', async () => {
    const table = `roleport_audit_test_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES });
    await admin.connect();
    try {
      const { recent, audit } = await recordsKeptBy(await createPostgresAuditStore({ url: POSTGRES, table }));
      assert.deepEqual(recent.map((r) => r.event), ['credentials.issued', 'login.failed']);
      assert.equal(recent[1].reason, 'wrong username or password');
      await audit.close();
      const rows = await admin.query(`SELECT username, outcome FROM ${table} ORDER BY at`);
      assert.deepEqual(rows.rows, [{ username: 'mallory', outcome: 'refused' }, { username: 'alice', outcome: 'success' }]);
    } finally {
      await admin.end();
      await dropPostgresAuditTable(POSTGRES, table);
    }
  });

  test('a store that fails loses nothing from the log and says so there', async () => {
    const { lines, logger } = capture();
    const failing: AuditStore = { append: async () => { throw new Error('disk full'); }, ping: async () => {}, close: async () => {} };
    const audit = createAudit({ logger, store: failing });
    audit.record({ event: 'login.succeeded', outcome: 'success', actor: { username: 'alice' } });
    await audit.flush();
    assert.equal(lines.length, 2);
    assert.match(lines[0], /"event":"login.succeeded"/);
    assert.match(lines[1], /audit store could not keep a record; it is in this log/);
  });
});
