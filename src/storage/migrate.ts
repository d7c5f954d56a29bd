// Brings the schema up to date at start: each migration runs once, in order, recorded in
// storage_migrations. One transaction holds a lock meanwhile (PostgreSQL: an advisory lock;
// SQLite: the write lock), so replicas starting together apply each migration exactly once.
import type { Migration, SqlDatabase } from './types.ts';

const LOCK = "SELECT pg_advisory_xact_lock(hashtext('roleport-storage-migrations'), hashtext(current_schema()))";

/** Resolves to the ids applied by this call (none when the schema was current). */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[]): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.id - b.id);
  ordered.forEach((m, i) => {
    if (i > 0 && ordered[i - 1].id === m.id) throw new Error(`two storage migrations have the id ${m.id}`);
  });
  return db.transaction(async (tx) => {
    if (tx.engine === 'postgres') await tx.get(LOCK);
    await tx.run('CREATE TABLE IF NOT EXISTS storage_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const applied = new Set((await tx.all<{ id: number }>('SELECT id FROM storage_migrations')).map((row) => Number(row.id)));
    const done: number[] = [];
    for (const migration of ordered) {
      if (applied.has(migration.id)) continue;
      const sql = typeof migration.sql === 'string' ? migration.sql : migration.sql[tx.engine];
      for (const statement of splitStatements(sql)) await tx.run(statement);
      await tx.run('INSERT INTO storage_migrations (id, name, applied_at) VALUES (?, ?, ?)', [migration.id, migration.name, Date.now()]);
      done.push(migration.id);
    }
    return done;
  });
}

/** Migrations hold several statements separated by `;` at the end of a line. */
function splitStatements(sql: string): string[] {
  return sql.split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean);
}
