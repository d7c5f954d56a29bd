// Reads an audit filter and page position from outside input (a query string), checked at the edge:
// a bad value is a 400 that names the field, never a silently widened search.
import { badRequest } from '../errors.ts';
import type { AuditCursor, AuditFilter } from './audit-query.ts';
import { AUDIT_EVENTS, type AuditEventName, type AuditOutcome } from './events.ts';

const OUTCOMES: readonly AuditOutcome[] = ['success', 'refused', 'error'];
const MAX_TEXT = 256;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `2026-12-01T10:00` (as a datetime-local field sends it, read as UTC) or a full ISO time with a zone. */
const TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export type AuditFilterInput = Record<string, unknown>;

function text(input: AuditFilterInput, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT) throw badRequest(`the filter '${name}' must be one text of at most ${MAX_TEXT} characters`);
  return value.trim() || undefined;
}

function time(input: AuditFilterInput, name: string): string | undefined {
  const value = text(input, name);
  if (value === undefined) return undefined;
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(value) || !value.includes('T') ? value : `${value}Z`;
  const parsed = TIME.test(value) ? new Date(value.includes('T') ? zoned : `${value}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime())) throw badRequest(`the filter '${name}' must be a time like 2026-12-01T10:00 (UTC) or 2026-12-01T10:00:00Z; found '${value}'`);
  return parsed.toISOString();
}

function oneOf<T extends string>(input: AuditFilterInput, name: string, allowed: readonly T[]): T | undefined {
  const value = text(input, name);
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw badRequest(`the filter '${name}' must be one of ${allowed.join(', ')}; found '${value}'`);
  return value as T;
}

/** person, source, account, role, event, outcome, from, to. */
export function readAuditFilter(input: AuditFilterInput): AuditFilter {
  const filter: AuditFilter = {};
  const person = text(input, 'person');
  const source = text(input, 'source');
  if (source && !person) throw badRequest("the filter 'source' needs a 'person' too");
  if (person) filter.person = source ? { username: person, source } : { username: person };
  const account = text(input, 'account');
  if (account) filter.account = account;
  const role = text(input, 'role');
  if (role) filter.role = role;
  const event = oneOf<AuditEventName>(input, 'event', AUDIT_EVENTS);
  if (event) filter.event = event;
  const outcome = oneOf(input, 'outcome', OUTCOMES);
  if (outcome) filter.outcome = outcome;
  const from = time(input, 'from');
  if (from) filter.from = from;
  const to = time(input, 'to');
  if (to) filter.to = to;
  if (from && to && from >= to) throw badRequest("the filter 'from' must be before 'to'");
  return filter;
}

/** The filter back as query-string fields (for links to the next page and the exports). */
export function auditFilterFields(filter: AuditFilter): Record<string, string> {
  const fields: Record<string, string> = {};
  if (filter.person) {
    fields.person = filter.person.username;
    if (filter.person.source) fields.source = filter.person.source;
  }
  for (const name of ['account', 'role', 'event', 'outcome', 'from', 'to'] as const) if (filter[name]) fields[name] = filter[name];
  return fields;
}

/** An opaque page position: the last record's time and id. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`).toString('base64url');
}

export function decodeAuditCursor(value: unknown): AuditCursor | undefined {
  if (value === undefined || value === '') return undefined;
  const [at, id, extra] = typeof value === 'string' && value.length <= 200 ? Buffer.from(value, 'base64url').toString('utf8').split('|') : [];
  if (!at || !id || extra !== undefined || !UUID.test(id) || Number.isNaN(Date.parse(at)) || new Date(at).toISOString() !== at) throw badRequest('the page position (after) is not one Roleport made; start again from the newest');
  return { at, id };
}
