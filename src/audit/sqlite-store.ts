// Audit records kept in an embedded SQLite file (node:sqlite): the single-machine default store.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AuditStore } from './audit.ts';
import { searchSqliteAudit } from './audit-query.ts';
import type { AuditRecord } from './events.ts';

export function createSqliteAuditStore(path: string): AuditStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec(`CREATE TABLE IF NOT EXISTS audit_events (
    id TEXT PRIMARY KEY, at TEXT NOT NULL, event TEXT NOT NULL, outcome TEXT NOT NULL,
    username TEXT, source TEXT, account TEXT, role TEXT, ip TEXT, reason TEXT, record TEXT NOT NULL)`);
  db.exec('CREATE INDEX IF NOT EXISTS audit_events_at ON audit_events (at)');
  const insert = db.prepare('INSERT INTO audit_events (id, at, event, outcome, username, source, account, role, ip, reason, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const recent = db.prepare('SELECT record FROM audit_events ORDER BY at DESC, rowid DESC LIMIT ?');
  return {
    async append(r: AuditRecord) {
      insert.run(r.id, r.at, r.event, r.outcome, r.actor?.username ?? null, r.actor?.source ?? null, r.target?.account ?? null, r.target?.role ?? null, r.client?.ip ?? null, r.reason ?? null, JSON.stringify(r));
    },
    async recent(limit: number) {
      return recent.all(limit).map((row) => JSON.parse(String((row as { record: string }).record)) as AuditRecord);
    },
    search: searchSqliteAudit(db),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      db.close();
    },
  };
}
