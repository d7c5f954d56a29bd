// PostgreSQL, for many replicas: a small pool, `?` placeholders numbered for pg, BIGINT read back as
// a number (our BIGINTs are epoch milliseconds and counters, well inside 2^53).
// pg is loaded by the opener, so a configuration without PostgreSQL never loads it.
import type { QueryResult } from 'pg';
import { RoleportError } from '../errors.ts';
import { storeDeadlinesMissed } from '../metrics.ts';
import type { Row, SqlDatabase, SqlValue } from './types.ts';

const INT8_OID = 20;

/** How long a query may wait for its answer unless told otherwise (timeouts.store). */
export const DEFAULT_DEADLINE_MS = 2000;

/** pg's own words when query_timeout passes: the server took the query and never answered. */
const READ_TIMEOUT = 'Query read timeout';

/** A query past its deadline as a 503 a person can act on (and a metric); other errors as they are. */
function deadlineMissed(error: unknown, deadlineMs: number): unknown {
  if (!(error instanceof Error) || error.message !== READ_TIMEOUT) return error;
  storeDeadlinesMissed.inc({ store: 'postgres' });
  return new RoleportError({ status: 503, code: 'store_unavailable', message: `Roleport cannot reach its database for a moment (no answer within ${deadlineMs / 1000} s); try again in a minute`, cause: error });
}

/** `a = ? AND b = ?` → `a = $1 AND b = $2` (our SQL never holds a literal `?`). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type Queryable = { query(config: { text: string; values: SqlValue[]; query_timeout: number }): Promise<QueryResult> };

function over(client: Queryable, deadlineMs: number, rest: Pick<SqlDatabase, 'transaction' | 'close'>): SqlDatabase {
  const query = (sql: string, values: SqlValue[]) =>
    client.query({ text: numberPlaceholders(sql), values, query_timeout: deadlineMs }).catch((error: unknown) => Promise.reject(deadlineMissed(error, deadlineMs)));
  return {
    engine: 'postgres',
    async run(sql, params = []) {
      return (await query(sql, params)).rowCount ?? 0;
    },
    async all<T extends Row = Row>(sql: string, params: SqlValue[] = []) {
      return (await query(sql, params)).rows as T[];
    },
    async get<T extends Row = Row>(sql: string, params: SqlValue[] = []) {
      return (await query(sql, params)).rows[0] as T | undefined;
    },
    ...rest,
  };
}

/**
 * `deadlineMs` (timeouts.store): the most a query waits for its answer, also when the server hangs
 * (pg's query_timeout); a connection that missed it is dropped, not handed out again.
 */
export async function openPostgresDatabase(options: { url: string; schema?: string; deadlineMs?: number }): Promise<SqlDatabase> {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const { default: pg } = await import('pg');
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) };
  if (options.schema) {
    // The schema must exist before connections that name it in their search_path are useful.
    const setup = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 5000 });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 4,
    connectionTimeoutMillis: 5000,
    query_timeout: deadlineMs,
    types,
    // The schema is checked by the config schema: [a-z_][a-z0-9_]*.
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  pool.on('error', () => undefined); // an idle connection dropped by the server: the pool replaces it

  const database: SqlDatabase = over(pool, deadlineMs, {
    async transaction(work, options) {
      const client = await pool.connect();
      const tx = over(client, options?.deadlineMs ?? deadlineMs, { transaction: () => Promise.reject(new Error('transactions do not nest')), close: async () => {} });
      try {
        await tx.run('BEGIN');
        const result = await work(tx);
        await tx.run('COMMIT');
        client.release();
        return result;
      } catch (error) {
        // The connection goes, and PostgreSQL rolls its transaction back: no ROLLBACK to wait on
        // from a server that may be the one not answering.
        client.release(true);
        throw error;
      }
    },
    async close() {
      await pool.end();
    },
  });
  return database;
}
