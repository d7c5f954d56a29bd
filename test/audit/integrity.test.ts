// The stored audit trail is append-only and hash-chained: the stores refuse changes, retention cuts
// leave a signed checkpoint the chain starts from, and verification names the first row that breaks.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { type AuditStore, createAudit, createPostgresAuditStore, createSqliteAuditStore, startRetention } from '../../src/audit/index.ts';
import { createLogger } from '../../src/log.ts';
import { dropPostgresAuditTable } from '../support/audit-tables.ts';

const POSTGRES = process.env.ROLEPORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const KEY = 'a-checkpoint-key-of-thirty-two-characters-or-more';
const DAY = 86_400_000;
const logger = createLogger({ level: 'silent' });

/** Writes `days.length` sign-ins, the i-th at `days[i]` days after 2026-01-01. */
async function writeDays(store: AuditStore, days: number[]): Promise<void> {
  let i = 0;
  const audit = createAudit({ logger, store, clock: () => new Date(Date.parse('2026-01-01T00:00:00Z') + days[i++] * DAY) });
  for (const day of days) audit.record({ event: 'login.succeeded', outcome: 'success', actor: { username: `user-${day}`, source: 'corp' } });
  await audit.flush();
}

describe('SQLite audit store integrity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roleport-audit-integrity-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an UPDATE or DELETE of a stored row is refused by the database itself', async () => {
    const path = join(dir, 'refuse.db');
    const store = await createSqliteAuditStore(path);
    await writeDays(store, [0, 1]);
    const file = new DatabaseSync(path);
    assert.throws(() => file.prepare("UPDATE audit_events SET username = 'mallory' WHERE seq = 1").run(), /the audit trail is append-only: a row cannot be changed/);
    assert.throws(() => file.prepare('DELETE FROM audit_events WHERE seq = 2').run(), /only retention removes rows, those a checkpoint covers/);
    assert.throws(() => file.prepare('DELETE FROM audit_events').run(), /only retention removes rows/);
    file.close();
    const result = await store.verify!();
    assert.equal(result.intact, true);
    assert.equal(result.intact && result.rows, 2, 'both rows are still there');
    await store.close();
  });

  test('a row edited in the file with its trigger dropped is found, named by its place', async () => {
    const path = join(dir, 'edited.db');
    const store = await createSqliteAuditStore(path);
    await writeDays(store, [0, 1, 2]);
    const file = new DatabaseSync(path);
    file.exec('DROP TRIGGER audit_events_no_update');
    file.exec("UPDATE audit_events SET record = json_set(record, '$.actor.username', 'someone-else'), username = 'someone-else' WHERE seq = 2");
    file.close();
    const result = await store.verify!();
    assert.equal(result.intact, false);
    assert.equal(result.intact === false && result.seq, 2);
    assert.match(result.intact === false ? result.problem : '', /^row 2 \(login\.succeeded at 2026-01-02T00:00:00\.000Z, id [0-9a-f-]+\) was altered after it was written/);
    await store.close();
  });

  test('a retention cut removes the old rows, leaves a signed checkpoint, and the chain still verifies', async () => {
    const path = join(dir, 'retention.db');
    const store = await createSqliteAuditStore(path);
    await writeDays(store, [0, 1, 2, 10, 11]);
    const now = new Date(Date.parse('2026-01-01T00:00:00Z') + 12 * DAY);
    const retention = startRetention({ store, retentionSeconds: 5 * 86400, checkpointKey: KEY, logger, clock: () => now });
    retention.stop();
    const cut = await retention.firstCut;
    assert.equal(cut?.removed, 3, 'the rows older than 5 days are gone');
    assert.equal(cut?.checkpoint?.seq, 3);
    const result = await store.verify!(KEY);
    assert.equal(result.intact, true);
    assert.equal(result.intact && result.rows, 2);
    assert.equal(result.intact && result.checkpoint?.seq, 3);
    assert.deepEqual((await store.recent!(10)).map((r) => r.actor?.username), ['user-11', 'user-10']);

    await writeDays(store, [12]);
    assert.equal((await store.verify!(KEY)).intact, true, 'appends after a cut follow the checkpoint');
    const otherKey = await store.verify!('another-key-of-thirty-two-characters-long');
    assert.match(otherKey.intact ? '' : otherKey.problem, /the retention checkpoint at row 3 .* is not signed with audit\.checkpointKey/, 'a checkpoint checked with another key is not trusted');
    const noKey = await store.verify!();
    assert.match(noKey.intact ? '' : noKey.problem, /checkpoint at row 3, and audit\.checkpointKey is not set/);
    assert.equal((await retention.runOnce())?.removed, 0, 'a second cut in the same hour finds nothing more to remove');
    await store.close();
  });

  test('a row removed behind a forged checkpoint is found: the checkpoint is not signed with the key', async () => {
    const path = join(dir, 'forged.db');
    const store = await createSqliteAuditStore(path);
    await writeDays(store, [0, 1, 2]);
    const file = new DatabaseSync(path);
    file.prepare("INSERT INTO audit_events_checkpoints (seq, hash, cut_before, made_at, signature) VALUES (1, 'x', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', 'abcd')").run();
    file.prepare('DELETE FROM audit_events WHERE seq = 1').run();
    file.close();
    const result = await store.verify!(KEY);
    assert.equal(result.intact, false);
    assert.match(result.intact === false ? result.problem : '', /the retention checkpoint at row 1 \(made 2026-01-03T00:00:00\.000Z\) is not signed with audit\.checkpointKey/);
    await store.close();
  });

  test('rows written before the chain existed are kept and counted, and the chain follows them', async () => {
    const path = join(dir, 'legacy.db');
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE audit_events (id TEXT PRIMARY KEY, at TEXT NOT NULL, event TEXT NOT NULL, outcome TEXT NOT NULL,
      username TEXT, source TEXT, account TEXT, role TEXT, ip TEXT, reason TEXT, record TEXT NOT NULL)`);
    const record = { id: 'legacy-1', at: '2025-12-01T00:00:00.000Z', event: 'login.failed', outcome: 'refused', actor: { username: 'mallory' } };
    old.prepare('INSERT INTO audit_events (id, at, event, outcome, username, record) VALUES (?, ?, ?, ?, ?, ?)').run(record.id, record.at, record.event, record.outcome, 'mallory', JSON.stringify(record));
    old.close();
    const store = await createSqliteAuditStore(path);
    await writeDays(store, [0]);
    const result = await store.verify!();
    assert.equal(result.intact, true);
    assert.equal(result.intact && result.unchained, 1);
    assert.equal(result.intact && result.rows, 2);
    await store.close();
  });
});

describe('PostgreSQL audit store integrity', () => {
  test('the trigger refuses an UPDATE, a DELETE and a TRUNCATE; a retention cut keeps the chain; concurrent appends from two replicas stay in one chain', async () => {
    const table = `roleport_audit_integrity_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES });
    await admin.connect();
    try {
      const first = await createPostgresAuditStore({ url: POSTGRES, table });
      const second = await createPostgresAuditStore({ url: POSTGRES, table });
      await Promise.all([writeDays(first, [0, 1, 2, 3, 4]), writeDays(second, [0, 1, 2, 3, 4])]);
      const seqs = (await admin.query(`SELECT seq FROM ${table} ORDER BY seq`)).rows.map((row: { seq: string }) => Number(row.seq));
      assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await assert.rejects(admin.query(`UPDATE ${table} SET username = 'mallory' WHERE seq = 1`), /the audit trail is append-only: a row cannot be changed/);
      await assert.rejects(admin.query(`DELETE FROM ${table} WHERE seq = 1`), /only retention removes rows, those a checkpoint covers/);
      await assert.rejects(admin.query(`TRUNCATE ${table}`), /append-only/);
      const cut = await first.prune!(new Date('2026-01-20T00:00:00Z'), KEY, new Date('2026-01-21T00:00:00Z'));
      assert.deepEqual([cut.removed, cut.checkpoint?.seq], [10, 10], 'every row older than the cut is removed');
      await writeDays(second, [25]);
      const result = await first.verify!(KEY);
      assert.equal(result.intact, true);
      assert.equal(result.intact && result.rows, 1);
      assert.equal(result.intact && result.checkpoint?.seq, 10);
      await first.close();
      await second.close();
    } finally {
      await admin.end();
      await dropPostgresAuditTable(POSTGRES, table);
    }
  });
});
