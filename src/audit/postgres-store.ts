// Audit records kept in PostgreSQL: the store for many replicas.
import pg from 'pg';
import type { AuditStore } from './audit.ts';
import { searchPostgresAudit } from './audit-query.ts';
import type { AuditRecord } from './events.ts';

export async function createPostgresAuditStore(options: { url: string; table: string }): Promise<AuditStore> {
  const pool = new pg.Pool({ connectionString: options.url, max: 4, connectionTimeoutMillis: 5000 });
  const table = options.table; // checked by the config schema: [a-z_][a-z0-9_]*
  await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (
    id UUID PRIMARY KEY, at TIMESTAMPTZ NOT NULL, event TEXT NOT NULL, outcome TEXT NOT NULL,
    username TEXT, source TEXT, account TEXT, role TEXT, ip TEXT, reason TEXT, record JSONB NOT NULL)`);
  await pool.query(`CREATE INDEX IF NOT EXISTS ${table}_at ON ${table} (at)`);
  return {
    async append(r: AuditRecord) {
      await pool.query(`INSERT INTO ${table} (id, at, event, outcome, username, source, account, role, ip, reason, record) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`, [
        r.id, r.at, r.event, r.outcome, r.actor?.username ?? null, r.actor?.source ?? null, r.target?.account ?? null, r.target?.role ?? null, r.client?.ip ?? null, r.reason ?? null, JSON.stringify(r),
      ]);
    },
    async recent(limit: number) {
      const result = await pool.query(`SELECT record FROM ${table} ORDER BY at DESC LIMIT $1`, [limit]);
      return result.rows.map((row: { record: AuditRecord }) => row.record);
    },
    search: searchPostgresAudit(pool, table),
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}
