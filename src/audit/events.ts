// Audit events: named noun.verb, one fixed field list (who, what, from where, when, outcome, reason).
// The README's audit table documents each name.

export const AUDIT_EVENTS = [
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'logout.succeeded',
  'role.refused',
  'credentials.issued',
  'credentials.refused',
  'console.opened',
  'console.refused',
  'request.refused',
  'device.approved',
  'device.denied',
  'token.revoked',
  'session.ended',
  'role.sessions-revoked',
  'mfa.enrolled',
  'mfa.verified',
  'mfa.failed',
  'mfa.removed',
  'mfa.reset',
  'mfa.recovery-used',
  'config.reloaded',
] as const;
export type AuditEventName = (typeof AUDIT_EVENTS)[number];

export type AuditOutcome = 'success' | 'refused' | 'error';

export type AuditEvent = {
  event: AuditEventName;
  outcome: AuditOutcome;
  /** Who: the person, as far as known. */
  actor?: { username?: string; source?: string };
  /** What: the role acted on, or the person whose access was ended (username, source). */
  target?: { account?: string; accountId?: string; role?: string; arn?: string; username?: string; source?: string };
  /** From where. */
  client?: { ip?: string; userAgent?: string };
  /** Why it was refused or failed, in words. */
  reason?: string;
  /** Issuance facts: method, durationSeconds, sessionName, sourceIdentity, stsRequestId... never a secret. */
  details?: Record<string, string | number | boolean | undefined>;
};

/** An event as stored: with its time, its id and the id of the request it happened in. */
export type AuditRecord = AuditEvent & { id: string; at: string; requestId?: string };
