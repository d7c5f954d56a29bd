// The audit trail a page at a time (with the position of the next page), or all of a filter's
// records a page at a time for an export that never holds them all in memory.
import type { Audit } from './audit.ts';
import type { AuditCursor, AuditFilter } from './audit-query.ts';
import type { AuditRecord } from './events.ts';

const EXPORT_PAGE = 500;

export type AuditPage = { records: AuditRecord[]; next?: AuditCursor };

const cursorOf = (record: AuditRecord): AuditCursor => ({ at: record.at, id: record.id });

export async function readAuditPage(audit: Pick<Audit, 'search'>, filter: AuditFilter, after: AuditCursor | undefined, size: number): Promise<AuditPage> {
  // One more than asked tells whether an older page exists, without a count.
  const found = await audit.search({ filter, after, limit: size + 1 });
  const records = found.slice(0, size);
  return found.length > size ? { records, next: cursorOf(records[records.length - 1]) } : { records };
}

export async function* allAuditRecords(audit: Pick<Audit, 'search'>, filter: AuditFilter): AsyncGenerator<AuditRecord> {
  let after: AuditCursor | undefined;
  for (;;) {
    const page = await readAuditPage(audit, filter, after, EXPORT_PAGE);
    yield* page.records;
    if (!page.next) return;
    after = page.next;
  }
}
