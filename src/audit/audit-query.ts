// Reading the audit trail back: filters, newest first, keyset pages (a page starts strictly after
// the last record of the one before, so records written meanwhile cause no duplicates or gaps).
// One filter, turned into SQL for SQLite and for PostgreSQL.
import type { DatabaseSync } from 'node:sqlite';
import type { SqlDatabase } from '../storage/index.ts';
import type { AuditEventName, AuditOutcome, AuditRecord } from './events.ts';

export type AuditFilter = {
  /** The person as actor or as target (e.g. whose access an administrator ended). */
  person?: { username: string; source?: string };
  account?: string;
  role?: string;
  event?: AuditEventName;
  outcome?: AuditOutcome;
  /** ISO times: `from` included, `to` excluded. */
  from?: string;
  to?: string;
};

/** Where the previous page ended: its last record's time and id. */
export type AuditCursor = { at: string; id: string };

export type AuditQuery = { filter: AuditFilter; after?: AuditCursor; limit: number };

/** The store's side of a query: the records, newest first, at most `limit`. */
export type AuditSearch = (query: AuditQuery) => Promise<AuditRecord[]>;

type Dialect = {
  param(index: number): string;
  targetUsername: string;
  targetSource: string;
  at(param: string): string;
  id(param: string): string;
};

const SQLITE: Dialect = {
  param: () => '?',
  targetUsername: "json_extract(record, '$.target.username')",
  targetSource: "json_extract(record, '$.target.source')",
  at: (p) => p,
  id: (p) => p,
};

const POSTGRES: Dialect = {
  param: (i) => `$${i}`,
  targetUsername: "(record->'target'->>'username')",
  targetSource: "(record->'target'->>'source')",
  at: (p) => `${p}::timestamptz`,
  id: (p) => `${p}::uuid`,
};

/** The WHERE, ORDER BY and LIMIT of a query, with its parameters in order. */
function toSql(query: AuditQuery, dialect: Dialect): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const p = (value: string | number) => {
    params.push(value);
    return dialect.param(params.length);
  };
  const where: string[] = [];
  const { filter } = query;
  if (filter.person) {
    const { username, source } = filter.person;
    const asActor = source ? `(username = ${p(username)} AND source = ${p(source)})` : `username = ${p(username)}`;
    const asTarget = source ? `(${dialect.targetUsername} = ${p(username)} AND ${dialect.targetSource} = ${p(source)})` : `${dialect.targetUsername} = ${p(username)}`;
    where.push(`(${asActor} OR ${asTarget})`);
  }
  if (filter.account) where.push(`account = ${p(filter.account)}`);
  if (filter.role) where.push(`role = ${p(filter.role)}`);
  if (filter.event) where.push(`event = ${p(filter.event)}`);
  if (filter.outcome) where.push(`outcome = ${p(filter.outcome)}`);
  if (filter.from) where.push(`at >= ${dialect.at(p(filter.from))}`);
  if (filter.to) where.push(`at < ${dialect.at(p(filter.to))}`);
  if (query.after) {
    const at = query.after.at;
    where.push(`(at < ${dialect.at(p(at))} OR (at = ${dialect.at(p(at))} AND id < ${dialect.id(p(query.after.id))}))`);
  }
  const sql = `${where.length > 0 ? `WHERE ${where.join(' AND ')} ` : ''}ORDER BY at DESC, id DESC LIMIT ${p(query.limit)}`;
  return { sql, params };
}

export function searchSqliteAudit(db: DatabaseSync, table = 'audit_events'): AuditSearch {
  return async (query) => {
    const { sql, params } = toSql(query, SQLITE);
    return db.prepare(`SELECT record FROM ${table} ${sql}`).all(...params).map((row) => JSON.parse(String((row as { record: string }).record)) as AuditRecord);
  };
}

/** `db`'s placeholders are numbered already (`$1`); it numbers only `?`, which this SQL never holds. */
export function searchPostgresAudit(db: Pick<SqlDatabase, 'all'>, table: string): AuditSearch {
  return async (query) => {
    const { sql, params } = toSql(query, POSTGRES);
    const rows = await db.all(`SELECT record FROM ${table} ${sql}`, params);
    return rows.map((row) => row.record as unknown as AuditRecord);
  };
}
