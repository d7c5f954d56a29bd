// One `record(event)` for every audit event. The log always gets it; a store may keep it too.
import { randomUUID } from 'node:crypto';
import { RoleportError } from '../errors.ts';
import { type Logger, redactUrl } from '../log.ts';
import { noteAudited } from '../request-context.ts';
import { auditWriteFailures } from '../metrics.ts';
import { countAuditEvent } from './audit-metrics.ts';
import type { AuditQuery, AuditSearch } from './audit-query.ts';
import type { Checkpoint, Verification } from './chain.ts';
import type { AuditEvent, AuditRecord } from './events.ts';

/** What a retention cut did: the rows removed and the checkpoint that stands in for them. */
export type PruneResult = { removed: number; checkpoint?: Checkpoint };

/** Where audit records are kept beyond the log (sqlite, PostgreSQL). */
export type AuditStore = {
  append(record: AuditRecord): Promise<void>;
  recent?(limit: number): Promise<AuditRecord[]>;
  /** Filtered, newest first, a keyset page at a time (see audit-query.ts). */
  search?: AuditSearch;
  /** Removes the rows older than `before`, leaving a checkpoint signed with `key` (retention). */
  prune?(before: Date, key: string, now: Date): Promise<PruneResult>;
  /** Walks the hash chain: the first row altered or removed, or how much is intact. */
  verify?(checkpointKey?: string): Promise<Verification>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type Audit = {
  record(event: AuditEvent): void;
  /** Resolves when every record so far has reached the store. */
  /**
   * Like record, and resolves only once the store kept it: for issuance, which is not handed out
   * unless its audit is written. Throws RoleportError 503 'audit_unavailable' when the store fails.
   */
  recordKept(event: AuditEvent): Promise<void>;
  flush(): Promise<void>;
  /** Resolves when the store answers; the log alone always does. */
  ping(): Promise<void>;
  /** The newest records the store keeps (none with the log alone), newest first. */
  recent(limit: number): Promise<AuditRecord[]>;
  /** Whether the trail can be read back here (a store that searches), not only in the log. */
  readonly searchable: boolean;
  /** The records matching the query, newest first (none with the log alone). */
  search(query: AuditQuery): Promise<AuditRecord[]>;
  close(): Promise<void>;
};

export function createAudit(options: { logger: Logger; store?: AuditStore; clock?: () => Date }): Audit {
  const log = options.logger.child({ channel: 'audit' });
  const clock = options.clock ?? (() => new Date());
  let pending: Promise<void> = Promise.resolve();

  /** Logs the record and queues it for the store (appends stay in order); resolves to its append. */
  const write = (event: AuditEvent): Promise<void> => {
    const request = noteAudited();
    const record: AuditRecord = { id: randomUUID(), at: clock().toISOString(), requestId: request?.requestId, ...event };
    // The request's method and URL ride along, so this line can stand in for its access line.
    log.info(request?.method ? { audit: record, req: { method: request.method, url: redactUrl(request.url) } } : { audit: record }, event.event);
    countAuditEvent(record);
    const store = options.store;
    if (!store) return Promise.resolve();
    const appended = pending.then(() => store.append(record));
    appended.catch(() => auditWriteFailures.inc());
    pending = appended.catch((error: unknown) => log.error({ err: error, auditId: record.id }, 'audit store could not keep a record; it is in this log'));
    return appended;
  };

  return {
    record(event) {
      write(event).catch(() => undefined); // logged by write
    },
    async recordKept(event) {
      try {
        await write(event);
      } catch (error) {
        throw new RoleportError({ status: 503, code: 'audit_unavailable', message: 'Roleport cannot write its audit trail right now, so nothing was handed out; try again in a minute', cause: error });
      }
    },
    flush: () => pending,
    ping: async () => options.store?.ping(),
    async recent(limit) {
      await pending;
      return (await options.store?.recent?.(limit)) ?? [];
    },
    searchable: Boolean(options.store?.search),
    async search(query) {
      await pending;
      return (await options.store?.search?.(query)) ?? [];
    },
    async close() {
      await pending;
      await options.store?.close();
    },
  };
}
