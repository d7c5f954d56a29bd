// The audit tables' schema, one additive migration at a time, recorded in `<table>_migrations`.
// The table name comes from the configuration (checked: [a-z_][a-z0-9_]*), so each migration is
// written for it. Never edit one that has shipped; add the next.
import type { Migration } from '../storage/index.ts';

/** The rows as Roleport wrote them before the hash chain: kept, in order, without hashes. */
function events(table: string): Migration {
  // IF NOT EXISTS: the table predates its ledger.
  const columns = (id: string, at: string, record: string) =>
    `id ${id} PRIMARY KEY, at ${at} NOT NULL, event TEXT NOT NULL, outcome TEXT NOT NULL, username TEXT, source TEXT, account TEXT, role TEXT, ip TEXT, reason TEXT, record ${record} NOT NULL`;
  return {
    id: 1,
    name: 'audit-events',
    sql: {
      sqlite: `CREATE TABLE IF NOT EXISTS ${table} (${columns('TEXT', 'TEXT', 'TEXT')});\nCREATE INDEX IF NOT EXISTS ${table}_at ON ${table} (at);`,
      postgres: `CREATE TABLE IF NOT EXISTS ${table} (${columns('UUID', 'TIMESTAMPTZ', 'JSONB')});\nCREATE INDEX IF NOT EXISTS ${table}_at ON ${table} (at);`,
    },
  };
}

const CHANGED = 'the audit trail is append-only: a row cannot be changed';
const REMOVED = 'the audit trail is append-only: only retention removes rows, those a checkpoint covers';

/**
 * Each row carries its place (seq), the hash of the row before and its own; checkpoints keep the
 * hash at a retention cut. Triggers refuse changes, and deletes beyond the newest checkpoint.
 */
function hashChain(table: string): Migration {
  const checkpoints = `CREATE TABLE ${table}_checkpoints (seq BIGINT PRIMARY KEY, hash TEXT NOT NULL, cut_before TEXT NOT NULL, made_at TEXT NOT NULL, signature TEXT NOT NULL)`;
  const columns = ['seq BIGINT', 'prev_hash TEXT', 'hash TEXT'].map((c) => `ALTER TABLE ${table} ADD COLUMN ${c};`).join('\n');
  return {
    id: 2,
    name: 'audit-hash-chain',
    sql: {
      sqlite: `${columns}
        UPDATE ${table} SET seq = rowid;
        CREATE UNIQUE INDEX ${table}_seq ON ${table} (seq);
        ${checkpoints};
        CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${CHANGED}'); END;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} WHEN OLD.seq > (SELECT COALESCE(MAX(seq), 0) FROM ${table}_checkpoints) BEGIN SELECT RAISE(ABORT, '${REMOVED}'); END;
        CREATE TRIGGER ${table}_checkpoints_no_update BEFORE UPDATE ON ${table}_checkpoints BEGIN SELECT RAISE(ABORT, '${CHANGED}'); END;
        CREATE TRIGGER ${table}_checkpoints_no_delete BEFORE DELETE ON ${table}_checkpoints BEGIN SELECT RAISE(ABORT, '${CHANGED}'); END;`,
      postgres: `${columns}
        UPDATE ${table} SET seq = numbered.n FROM (SELECT id, row_number() OVER (ORDER BY at, id) AS n FROM ${table}) AS numbered WHERE ${table}.id = numbered.id;
        CREATE UNIQUE INDEX ${table}_seq ON ${table} (seq);
        ${checkpoints};
        CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'DELETE' AND TG_TABLE_NAME = '${table}' THEN IF OLD.seq <= (SELECT COALESCE(MAX(seq), 0) FROM ${table}_checkpoints) THEN RETURN OLD; END IF; RAISE EXCEPTION '${REMOVED}'; END IF; RAISE EXCEPTION '${CHANGED}'; END $$;
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only();
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only();
        CREATE TRIGGER ${table}_checkpoints_append_only BEFORE UPDATE OR DELETE ON ${table}_checkpoints FOR EACH ROW EXECUTE FUNCTION ${table}_append_only();
        CREATE TRIGGER ${table}_checkpoints_no_truncate BEFORE TRUNCATE ON ${table}_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION ${table}_append_only();`,
    },
  };
}

export function auditMigrations(table: string): Migration[] {
  return [events(table), hashChain(table)];
}

/**
 * A retention cut (two `?`: the cut time, twice): the newest row of the oldest run of rows all older
 * than the cut, so a row newer than the retention is never removed, even when replicas' clocks differ.
 */
export function cutQuery(table: string): string {
  return `SELECT seq, hash FROM ${table} WHERE seq IS NOT NULL AND at < ? AND seq < COALESCE((SELECT MIN(seq) FROM ${table} WHERE at >= ?), seq + 1) ORDER BY seq DESC LIMIT 1`;
}
