// The storage room's shared types: a small SQL database interface that both engines implement, the
// person every row belongs to, and the shape of a migration.

/** The person a row belongs to: their identity source and the subject it gives them, never a username. */
export type PersonKey = { source: string; subject: string };

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | null;

export type Row = Record<string, SqlValue>;

/** One database, whichever engine: SQL written with `?` placeholders (numbered for PostgreSQL here). */
export type SqlDatabase = {
  readonly engine: 'sqlite' | 'postgres';
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  /**
   * Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it
   * throws. On SQLite it holds the file's write lock: keep it to start-up work (migrations), since
   * another connection of this process to the same file (the audit store) would wait on it.
   * `deadlineMs`: how long each of its PostgreSQL statements may wait (longer than timeouts.store
   * for migrations).
   */
  transaction<T>(work: (db: SqlDatabase) => Promise<T>, options?: { deadlineMs?: number }): Promise<T>;
  close(): Promise<void>;
};

/**
 * One additive change to the schema, applied once, in `id` order, at start. Write portable SQL
 * (TEXT, BIGINT, INTEGER; binary as base64 text) or give each engine its own.
 */
export type Migration = {
  id: number;
  name: string;
  sql: string | { sqlite: string; postgres: string };
};
