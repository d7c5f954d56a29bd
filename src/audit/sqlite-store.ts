// Audit records kept in an embedded SQLite file (node:sqlite): the single-machine store. Append-only
// and hash-chained (see chain.ts); an append is one synchronous write transaction, so appends from
// every process on the file line up and no other statement of this process lands inside one.
import { sqliteDatabase, migrate, openSqliteFile } from '../storage/index.ts';
import type { AuditStore, PruneResult } from './audit.ts';
import { searchSqliteAudit } from './audit-query.ts';
import { type Checkpoint, GENESIS, type StoredRow, rowHash, signCheckpoint, verifyChain } from './chain.ts';
import type { AuditRecord } from './events.ts';
import { auditMigrations, cutQuery } from './migrations.ts';

const TABLE = 'audit_events';
/** The newest row of the oldest run of rows all older than the cut: nothing newer goes. */
const CUT = cutQuery(TABLE);

type Row = Record<string, string | number | null>;

function storedRow(row: Row): StoredRow {
  return {
    seq: Number(row.seq),
    prevHash: row.prev_hash as string | null,
    hash: row.hash as string | null,
    record: JSON.parse(String(row.record)) as AuditRecord,
    columns: {
      id: String(row.id), atMs: Date.parse(String(row.at)), event: String(row.event), outcome: String(row.outcome),
      username: row.username as string | null, source: row.source as string | null, account: row.account as string | null, role: row.role as string | null, ip: row.ip as string | null, reason: row.reason as string | null,
    },
  };
}

export async function createSqliteAuditStore(path: string): Promise<AuditStore> {
  const db = openSqliteFile(path);
  try {
    await migrate(sqliteDatabase(db), auditMigrations(TABLE), `${TABLE}_migrations`);
  } catch (error) {
    db.close();
    throw error;
  }
  const headRow = db.prepare(`SELECT seq, hash FROM ${TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`);
  const headCheckpoint = db.prepare(`SELECT seq, hash FROM ${TABLE}_checkpoints ORDER BY seq DESC LIMIT 1`);
  const insert = db.prepare(`INSERT INTO ${TABLE} (seq, prev_hash, hash, id, at, event, outcome, username, source, account, role, ip, reason, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const recent = db.prepare(`SELECT record FROM ${TABLE} ORDER BY seq DESC LIMIT ?`);

  /** Runs `work` in one write transaction, start to end without yielding. */
  const inTransaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };
  const head = () => {
    const row = (headRow.get() ?? headCheckpoint.get()) as { seq: number; hash: string | null } | undefined;
    return { seq: Number(row?.seq ?? 0), hash: row?.hash ?? GENESIS };
  };

  return {
    async append(r: AuditRecord) {
      inTransaction(() => {
        const before = head();
        const seq = before.seq + 1;
        insert.run(seq, before.hash, rowHash(before.hash, seq, r), r.id, r.at, r.event, r.outcome, r.actor?.username ?? null, r.actor?.source ?? null, r.target?.account ?? null, r.target?.role ?? null, r.client?.ip ?? null, r.reason ?? null, JSON.stringify(r));
      });
    },
    async recent(limit: number) {
      return recent.all(limit).map((row) => JSON.parse(String((row as { record: string }).record)) as AuditRecord);
    },
    search: searchSqliteAudit(db, TABLE),
    async prune(before: Date, key: string, now: Date): Promise<PruneResult> {
      return inTransaction(() => {
        const cut = db.prepare(CUT).get(before.toISOString(), before.toISOString()) as { seq: number; hash: string | null } | undefined;
        if (!cut) return { removed: 0 };
        const point = { seq: Number(cut.seq), hash: cut.hash ?? GENESIS, cutBefore: before.toISOString(), madeAt: now.toISOString() };
        const checkpoint: Checkpoint = { ...point, signature: signCheckpoint(key, point) };
        db.prepare(`INSERT INTO ${TABLE}_checkpoints (seq, hash, cut_before, made_at, signature) VALUES (?, ?, ?, ?, ?)`).run(checkpoint.seq, checkpoint.hash, checkpoint.cutBefore, checkpoint.madeAt, checkpoint.signature);
        const removed = Number(db.prepare(`DELETE FROM ${TABLE} WHERE seq <= ?`).run(checkpoint.seq).changes);
        return { removed, checkpoint };
      });
    },
    verify(key?: string) {
      return verifyChain(
        {
          async checkpoints() {
            return db.prepare(`SELECT seq, hash, cut_before, made_at, signature FROM ${TABLE}_checkpoints`).all().map((row) => ({
              seq: Number(row.seq), hash: String(row.hash), cutBefore: String(row.cut_before), madeAt: String(row.made_at), signature: String(row.signature),
            }));
          },
          async unplaced() {
            return Number((db.prepare(`SELECT count(*) AS n FROM ${TABLE} WHERE seq IS NULL`).get() as { n: number }).n);
          },
          async rowsAfter(seq, limit) {
            return db.prepare(`SELECT * FROM ${TABLE} WHERE seq > ? ORDER BY seq LIMIT ?`).all(seq, limit).map((row) => storedRow(row as Row));
          },
        },
        key,
      );
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      db.close();
    },
  };
}
