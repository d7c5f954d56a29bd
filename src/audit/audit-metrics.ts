// Every audit event moves its metrics: sign-ins by source and outcome, issuances by kind, method
// and outcome, and the count of each event — one place, so no door can forget them.
import { auditEvents, issuances, signIns } from '../metrics.ts';
import type { AuditRecord } from './events.ts';

export function countAuditEvent(record: AuditRecord): void {
  auditEvents.inc({ event: record.event, outcome: record.outcome });
  if (record.event === 'login.succeeded' || record.event === 'login.failed') {
    signIns.inc({ source: record.actor?.source ?? 'unknown', outcome: record.outcome });
    return;
  }
  const kind = record.event.startsWith('credentials.') ? 'credentials' : record.event.startsWith('console.') ? 'console' : undefined;
  if (kind) issuances.inc({ kind, method: String(record.details?.method ?? 'unknown'), outcome: record.outcome });
}
