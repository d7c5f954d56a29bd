// Brings the schema up to date at start: each migration runs once, in order, recorded in a ledger
// table (storage_migrations; the audit store keeps its own). One transaction holds a lock meanwhile
// (PostgreSQL: an advisory lock; SQLite: the write lock), so replicas starting together apply each
// migration exactly once.
import type { Migration, SqlDatabase } from './types.ts';

const LOCK = 'SELECT pg_advisory_xact_lock(hashtext(?), hashtext(current_schema()))';

/** A migration may rewrite a large table (numbering the audit trail): it gets longer than a request's deadline. */
const MIGRATION_DEADLINE_MS = 15 * 60_000;

/**
 * Resolves to the ids applied by this call (none when the schema was current). `ledger` names the
 * table that records them: [a-z_][a-z0-9_]*, never from outside input.
 */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[], ledger = 'storage_migrations'): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.id - b.id);
  ordered.forEach((m, i) => {
    if (i > 0 && ordered[i - 1].id === m.id) throw new Error(`two storage migrations have the id ${m.id}`);
  });
  return db.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.get(LOCK, [`roleport-${ledger.replaceAll('_', '-')}`]);
    await tx.run(`CREATE TABLE IF NOT EXISTS ${ledger} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const applied = new Set((await tx.all<{ id: number }>(`SELECT id FROM ${ledger}`)).map((row) => Number(row.id)));
    const done: number[] = [];
    for (const migration of ordered) {
      if (applied.has(migration.id)) continue;
      const sql = typeof migration.sql === 'string' ? migration.sql : migration.sql[tx.engine];
      for (const statement of splitStatements(sql)) await tx.run(statement);
      await tx.run(`INSERT INTO ${ledger} (id, name, applied_at) VALUES (?, ?, ?)`, [migration.id, migration.name, Date.now()]);
      done.push(migration.id);
    }
    return done;
  }, { deadlineMs: MIGRATION_DEADLINE_MS });
}

/** Migrations hold several statements separated by `;` at the end of a line. */
function splitStatements(sql: string): string[] {
  return sql.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean);
}
