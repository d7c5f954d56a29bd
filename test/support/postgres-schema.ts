// The machine's PostgreSQL for tests, and a schema of the test's own, dropped when the file ends.
import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';

export const TEST_POSTGRES = process.env.ROLEPORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name starting with `prefix`, dropped (with everything in it) after the file's tests. */
export function throwawaySchema(prefix: string): string {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  after(async () => {
    const admin = new pg.Client({ connectionString: TEST_POSTGRES });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await admin.end();
    }
  });
  return schema;
}
