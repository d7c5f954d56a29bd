// Audit records as a page shows them: fields copied one by one, never a whole record.
import type { AuditRecord } from '../../audit/index.ts';

export type AuditRow = { id: string; at: string; event: string; outcome: string; who?: string; role?: string; person?: string; ip?: string; reason?: string };

const named = (who?: { username?: string; source?: string }) => (who?.username ? (who.source ? `${who.username} (${who.source})` : who.username) : undefined);

export function auditRow(record: AuditRecord): AuditRow {
  const role = record.target?.role ? (record.target.account ? `${record.target.account}/${record.target.role}` : record.target.role) : undefined;
  return {
    id: record.id,
    at: record.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
    event: record.event,
    outcome: record.outcome,
    who: named(record.actor),
    role,
    person: named(record.target),
    ip: record.client?.ip,
    reason: record.reason,
  };
}
