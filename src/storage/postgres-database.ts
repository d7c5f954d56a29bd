// PostgreSQL, for many replicas: a small pool, `?` placeholders numbered for pg, BIGINT read back as
// a number (our BIGINTs are epoch milliseconds and counters, well inside 2^53).
// pg is loaded by the opener, so a configuration without PostgreSQL never loads it.
import type { QueryResult } from 'pg';
import type { Row, SqlDatabase, SqlValue } from './types.ts';

const INT8_OID = 20;

/** `a = ? AND b = ?` → `a = $1 AND b = $2` (our SQL never holds a literal `?`). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type Queryable = { query(sql: string, params?: SqlValue[]): Promise<QueryResult> };

function over(client: Queryable, rest: Pick<SqlDatabase, 'transaction' | 'close'>): SqlDatabase {
  return {
    engine: 'postgres',
    async run(sql, params = []) {
      return (await client.query(numberPlaceholders(sql), params)).rowCount ?? 0;
    },
    async all<T extends Row = Row>(sql: string, params: SqlValue[] = []) {
      return (await client.query(numberPlaceholders(sql), params)).rows as T[];
    },
    async get<T extends Row = Row>(sql: string, params: SqlValue[] = []) {
      return (await client.query(numberPlaceholders(sql), params)).rows[0] as T | undefined;
    },
    ...rest,
  };
}

export async function openPostgresDatabase(options: { url: string; schema?: string }): Promise<SqlDatabase> {
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
    types,
    // The schema is checked by the config schema: [a-z_][a-z0-9_]*.
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  pool.on('error', () => undefined); // an idle connection dropped by the server: the pool replaces it

  const database: SqlDatabase = over(pool, {
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(over(client, { transaction: () => Promise.reject(new Error('transactions do not nest')), close: async () => {} }));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  });
  return database;
}
