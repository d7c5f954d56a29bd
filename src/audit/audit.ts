// One `record(event)` for every audit event. The log always gets it; a store may keep it too.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import { currentRequestId } from '../request-context.ts';
import type { AuditEvent, AuditRecord } from './events.ts';

/** Where audit records are kept beyond the log (sqlite, PostgreSQL). */
export type AuditStore = {
  append(record: AuditRecord): Promise<void>;
  recent?(limit: number): Promise<AuditRecord[]>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type Audit = {
  record(event: AuditEvent): void;
  /** Resolves when every record so far has reached the store. */
  flush(): Promise<void>;
  /** Resolves when the store answers; the log alone always does. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export function createAudit(options: { logger: Logger; store?: AuditStore; clock?: () => Date }): Audit {
  const log = options.logger.child({ channel: 'audit' });
  const clock = options.clock ?? (() => new Date());
  let pending: Promise<void> = Promise.resolve();

  return {
    record(event) {
      const record: AuditRecord = { id: randomUUID(), at: clock().toISOString(), requestId: currentRequestId(), ...event };
      log.info({ audit: record }, event.event);
      const store = options.store;
      if (store) {
        pending = pending
          .then(() => store.append(record))
          .catch((error: unknown) => log.error({ err: error, auditId: record.id }, 'audit store could not keep a record; it is in this log'));
      }
    },
    flush: () => pending,
    ping: async () => options.store?.ping(),
    async close() {
      await pending;
      await options.store?.close();
    },
  };
}
