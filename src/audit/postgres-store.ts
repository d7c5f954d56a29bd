// Audit records kept in PostgreSQL: the store for many replicas. Append-only and hash-chained (see
// chain.ts); an advisory lock held for the append's transaction lines up every replica's appends.
import { type SqlDatabase, migrate, openPostgresDatabase } from '../storage/index.ts';
import type { AuditStore, PruneResult } from './audit.ts';
import { searchPostgresAudit } from './audit-query.ts';
import { type Checkpoint, GENESIS, type StoredRow, rowHash, signCheckpoint, verifyChain } from './chain.ts';
import type { AuditRecord } from './events.ts';
import { auditMigrations, cutQuery } from './migrations.ts';

type Row = Record<string, unknown>;

function storedRow(row: Row): StoredRow {
  const text = (value: unknown) => (value === null ? null : String(value));
  return {
    seq: Number(row.seq),
    prevHash: text(row.prev_hash),
    hash: text(row.hash),
    record: row.record as AuditRecord,
    columns: {
      id: String(row.id), atMs: (row.at as Date).getTime(), event: String(row.event), outcome: String(row.outcome),
      username: text(row.username), source: text(row.source), account: text(row.account), role: text(row.role), ip: text(row.ip), reason: text(row.reason),
    },
  };
}

/** `deadlineMs` (timeouts.store): the most an append or a read may wait for PostgreSQL. */
export async function createPostgresAuditStore(options: { url: string; table: string; deadlineMs?: number }): Promise<AuditStore> {
  const table = options.table; // checked by the config schema: [a-z_][a-z0-9_]*
  const db = await openPostgresDatabase({ url: options.url, deadlineMs: options.deadlineMs });
  try {
    await migrate(db, auditMigrations(table), `${table}_migrations`);
  } catch (error) {
    await db.close();
    throw error;
  }
  /** Every replica's appends and cuts on this table, one at a time. */
  const lock = (tx: SqlDatabase) => tx.get("SELECT pg_advisory_xact_lock(hashtext('roleport-audit'), hashtext(current_schema() || '.' || ?))", [table]);
  const head = async (tx: SqlDatabase) => {
    const row = (await tx.get(`SELECT seq, hash FROM ${table} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1`)) ?? (await tx.get(`SELECT seq, hash FROM ${table}_checkpoints ORDER BY seq DESC LIMIT 1`));
    return { seq: Number(row?.seq ?? 0), hash: (row?.hash as string | null | undefined) ?? GENESIS };
  };

  return {
    async append(r: AuditRecord) {
      await db.transaction(async (tx) => {
        await lock(tx);
        const before = await head(tx);
        const seq = before.seq + 1;
        await tx.run(`INSERT INTO ${table} (seq, prev_hash, hash, id, at, event, outcome, username, source, account, role, ip, reason, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
          seq, before.hash, rowHash(before.hash, seq, r), r.id, r.at, r.event, r.outcome, r.actor?.username ?? null, r.actor?.source ?? null, r.target?.account ?? null, r.target?.role ?? null, r.client?.ip ?? null, r.reason ?? null, JSON.stringify(r),
        ]);
      });
    },
    async recent(limit: number) {
      const rows = await db.all(`SELECT record FROM ${table} ORDER BY seq DESC LIMIT ?`, [limit]);
      return rows.map((row) => row.record as unknown as AuditRecord);
    },
    search: searchPostgresAudit(db, table),
    async prune(before: Date, key: string, now: Date): Promise<PruneResult> {
      return db.transaction(async (tx) => {
        await lock(tx);
        const cut = await tx.get(cutQuery(table), [before.toISOString(), before.toISOString()]);
        if (!cut) return { removed: 0 };
        const point = { seq: Number(cut.seq), hash: (cut.hash as string | null) ?? GENESIS, cutBefore: before.toISOString(), madeAt: now.toISOString() };
        const checkpoint: Checkpoint = { ...point, signature: signCheckpoint(key, point) };
        await tx.run(`INSERT INTO ${table}_checkpoints (seq, hash, cut_before, made_at, signature) VALUES (?, ?, ?, ?, ?)`, [checkpoint.seq, checkpoint.hash, checkpoint.cutBefore, checkpoint.madeAt, checkpoint.signature]);
        const removed = await tx.run(`DELETE FROM ${table} WHERE seq <= ?`, [checkpoint.seq]);
        return { removed, checkpoint };
      });
    },
    verify(key?: string) {
      return verifyChain(
        {
          async checkpoints() {
            const rows = await db.all(`SELECT seq, hash, cut_before, made_at, signature FROM ${table}_checkpoints`);
            return rows.map((row) => ({ seq: Number(row.seq), hash: String(row.hash), cutBefore: String(row.cut_before), madeAt: String(row.made_at), signature: String(row.signature) }));
          },
          async unplaced() {
            return Number((await db.get(`SELECT count(*)::int AS n FROM ${table} WHERE seq IS NULL`))?.n ?? 0);
          },
          async rowsAfter(seq, limit) {
            return (await db.all(`SELECT * FROM ${table} WHERE seq > ? ORDER BY seq LIMIT ?`, [seq, limit])).map((row) => storedRow(row));
          },
        },
        key,
      );
    },
    async ping() {
      await db.get('SELECT 1');
    },
    async close() {
      await db.close();
    },
  };
}
