export { createAudit, type Audit, type AuditStore } from './audit.ts';
export { AUDIT_EVENTS, type AuditEvent, type AuditEventName, type AuditOutcome, type AuditRecord } from './events.ts';
export { openAuditStore } from './open-store.ts';
export { createSqliteAuditStore } from './sqlite-store.ts';
export { createPostgresAuditStore } from './postgres-store.ts';
export type { AuditCursor, AuditFilter, AuditQuery } from './audit-query.ts';
export { auditFilterFields, decodeAuditCursor, encodeAuditCursor, readAuditFilter } from './audit-filter.ts';
export { auditCsvHeader, auditCsvRow, auditJsonLine, neutraliseCell } from './audit-export.ts';
export { type AuditPage, allAuditRecords, readAuditPage } from './audit-pages.ts';
