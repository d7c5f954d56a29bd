// Audit records as CSV rows and JSON lines, for export. A CSV cell that a spreadsheet would run as a
// formula (starting with =, +, -, @, or a tab / carriage return) gets a leading apostrophe.
import type { AuditRecord } from './events.ts';

export const AUDIT_CSV_COLUMNS = ['at', 'event', 'outcome', 'username', 'source', 'account', 'role', 'target_username', 'target_source', 'ip', 'user_agent', 'reason', 'details', 'request_id', 'id'] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cells(record: AuditRecord): (string | undefined)[] {
  return [
    record.at, record.event, record.outcome, record.actor?.username, record.actor?.source, record.target?.account, record.target?.role,
    record.target?.username, record.target?.source, record.client?.ip, record.client?.userAgent, record.reason,
    record.details ? JSON.stringify(record.details) : undefined, record.requestId, record.id,
  ];
}

export function auditCsvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
}

export function auditCsvRow(record: AuditRecord): string {
  return `${cells(record).map((cell) => neutraliseCell(cell ?? '')).join(',')}\r\n`;
}

export function auditJsonLine(record: AuditRecord): string {
  return `${JSON.stringify(record)}\n`;
}
