// A test's own PostgreSQL audit table, dropped with everything its migrations made beside it.
import pg from 'pg';

export async function dropPostgresAuditTable(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${table}, ${table}_checkpoints, ${table}_migrations; DROP FUNCTION IF EXISTS ${table}_append_only`);
  } finally {
    await client.end();
  }
}
