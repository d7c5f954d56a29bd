export { createAudit, type Audit, type AuditStore } from './audit.ts';
export { AUDIT_EVENTS, type AuditEvent, type AuditEventName, type AuditOutcome, type AuditRecord } from './events.ts';
