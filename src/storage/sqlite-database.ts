// The embedded engine: one node:sqlite file (WAL, so the audit store may share it), statements run
// one at a time; a transaction holds the others back until it ends.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Row, SqlDatabase, SqlValue } from './types.ts';

/** Opens (creating its folder) a file with the settings every Roleport connection uses. */
export function openSqliteFile(path: string): DatabaseSync {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA busy_timeout = 5000');
  if (path !== ':memory:') {
    db.exec('PRAGMA journal_mode = WAL');
    // WAL with synchronous=NORMAL never corrupts the file; it skips the fsync per commit that would
    // block the event loop on every recent-role update (a power cut may lose the last few of those).
    db.exec('PRAGMA synchronous = NORMAL');
  }
  db.exec('PRAGMA foreign_keys = ON');
  return db;
}

/** Statements kept prepared per connection; the SQL is written in code, so this only bounds a surprise. */
const MAX_PREPARED = 256;

export function openSqliteDatabase(path: string): SqlDatabase {
  return sqliteDatabase(openSqliteFile(path));
}

/** The SqlDatabase interface over an open connection (the audit store migrates its own with it). */
export function sqliteDatabase(db: DatabaseSync): SqlDatabase {
  // Statements are synchronous, but a transaction's work awaits between them: queue everything
  // behind the transaction in progress so no other request's statement lands inside it.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T> | T): Promise<T> => {
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  };

  // Preparing parses and plans the SQL: each text is prepared once and reused.
  const prepared = new Map<string, StatementSync>();
  const statement = (sql: string): StatementSync => {
    let found = prepared.get(sql);
    if (!found) {
      if (prepared.size >= MAX_PREPARED) prepared.clear();
      prepared.set(sql, (found = db.prepare(sql)));
    }
    return found;
  };

  const direct: SqlDatabase = {
    engine: 'sqlite',
    async run(sql, params = []) {
      return Number(statement(sql).run(...params).changes);
    },
    async all<T extends Row = Row>(sql: string, params: SqlValue[] = []) {
      return statement(sql).all(...params) as T[];
    },
    async get<T extends Row = Row>(sql: string, params: SqlValue[] = []) {
      return statement(sql).get(...params) as T | undefined;
    },
    transaction: () => Promise.reject(new Error('transactions do not nest')),
    async close() {},
  };

  return {
    engine: 'sqlite',
    run: (sql, params) => serial(() => direct.run(sql, params)),
    all: (sql, params) => serial(() => direct.all(sql, params)),
    get: (sql, params) => serial(() => direct.get(sql, params)),
    transaction: (work) =>
      serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () => serial(() => db.close()),
  };
}
