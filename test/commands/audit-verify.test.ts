// `npm run roleport -- audit verify` reads the configured store and names the first row altered or
// removed: a row edited in the SQLite file, a row deleted in PostgreSQL; a retention cut is not a break.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, test } from 'node:test';
import pg from 'pg';
import { type AuditStore, createAudit, createPostgresAuditStore, createSqliteAuditStore } from '../../src/audit/index.ts';
import { createLogger } from '../../src/log.ts';
import { dropPostgresAuditTable } from '../support/audit-tables.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { freePort } from '../support/free-port.ts';
import { writeConfig } from '../support/roleport-process.ts';

const POSTGRES = process.env.ROLEPORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const KEY = 'a-checkpoint-key-of-thirty-two-characters-or-more';
const dir = mkdtempSync(join(tmpdir(), 'roleport-audit-verify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function auditVerify(configFile: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node_modules/.bin/node', ['src/commands/main.ts', 'audit', 'verify', '--config', configFile], { env: { PATH: process.env.PATH ?? '', ...TEST_ENV, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

async function writeSignIns(store: AuditStore, usernames: string[], at = () => new Date()): Promise<void> {
  const audit = createAudit({ logger: createLogger({ level: 'silent' }), store, clock: at });
  for (const username of usernames) audit.record({ event: 'login.succeeded', outcome: 'success', actor: { username, source: 'corp' } });
  await audit.flush();
}

test('a row edited in the SQLite file is reported with its place, exit 1; the intact trail exits 0', async () => {
  const path = join(dir, 'audit.db');
  const store = await createSqliteAuditStore(path);
  await writeSignIns(store, ['alice', 'bob', 'alice']);
  await store.close();
  const file = writeConfig(dir, baseConfig({ audit: { store: { type: 'sqlite', path: './audit.db' } } }));

  const intact = await auditVerify(file);
  assert.equal(intact.code, 0, intact.stderr);
  assert.match(intact.stdout, /^audit trail intact \(sqlite\): 3 rows from the first row to row 3, head hash [0-9a-f]{64}\n$/);

  const db = new DatabaseSync(path);
  db.exec('DROP TRIGGER audit_events_no_update');
  db.exec("UPDATE audit_events SET record = json_set(record, '$.outcome', 'refused'), outcome = 'refused' WHERE seq = 2");
  db.close();
  const edited = await auditVerify(file);
  assert.equal(edited.code, 1);
  assert.match(edited.stdout, /^audit trail NOT intact \(sqlite\): row 2 \(login\.succeeded at [^,]+, id [0-9a-f-]{36}\) was altered after it was written/);
});

test('a row deleted in PostgreSQL is reported as removed, exit 1; after a retention cut the trail verifies from its checkpoint', async () => {
  const table = `roleport_audit_verify_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  try {
    const store = await createPostgresAuditStore({ url: POSTGRES, table });
    let day = 0;
    await writeSignIns(store, ['alice', 'bob', 'carol', 'alice', 'bob'], () => new Date(Date.UTC(2026, 0, 1 + day++)));
    writeFileSync(join(dir, 'checkpoint.key'), `${KEY}\n`);
    const file = writeConfig(dir, baseConfig({ audit: { store: { type: 'postgres', url: 'env:DATABASE_URL', table }, retention: '1d', checkpointKey: 'file:checkpoint.key' } }), 'postgres.yaml');

    const cut = await store.prune!(new Date(Date.UTC(2026, 0, 3)), KEY, new Date(Date.UTC(2026, 0, 4)));
    assert.equal(cut.removed, 2);
    const afterCut = await auditVerify(file, { DATABASE_URL: POSTGRES });
    assert.equal(afterCut.code, 0, afterCut.stdout + afterCut.stderr);
    assert.match(afterCut.stdout, /intact \(postgres\): 3 rows from the signed checkpoint at row 2 \(rows before 2026-01-03T00:00:00\.000Z removed by retention\) to row 5/);

    await admin.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    await admin.query(`DELETE FROM ${table} WHERE seq = 4`);
    const removed = await auditVerify(file, { DATABASE_URL: POSTGRES });
    assert.equal(removed.code, 1);
    assert.match(removed.stdout, /^audit trail NOT intact \(postgres\): row 4 is missing: removed after it was written \(row 5 \(login\.succeeded at 2026-01-05T00:00:00\.000Z, id [0-9a-f-]{36}\) comes next; the newest checkpoint is at row 2\)\n$/);
    await store.close();
  } finally {
    await admin.end();
    await dropPostgresAuditTable(POSTGRES, table);
  }
});

test('with the log store there is nothing to verify: exit 2 and why', async () => {
  const result = await auditVerify(writeConfig(dir, baseConfig(), 'log.yaml'));
  assert.equal(result.code, 2);
  assert.match(result.stderr, /audit\.store is 'log': the trail is in the log, and there is no stored chain to check/);
});

test('a store that cannot be reached is not a verdict on the trail: exit 2 and what failed', async () => {
  const closed = await freePort();
  const file = writeConfig(dir, baseConfig({ audit: { store: { type: 'postgres', url: 'env:DATABASE_URL' } } }), 'unreachable.yaml');
  const result = await auditVerify(file, { DATABASE_URL: `postgres://roleport@127.0.0.1:${closed}/roleport` });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^roleport audit verify: cannot open the postgres audit store: connect ECONNREFUSED 127\.0\.0\.1:\d+\n$/);
});
