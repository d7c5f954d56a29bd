// Access reviews as CSV: one row per rule, source note and person of a role; one per entitlement
// and denied role of a person. Cells are neutralised as the audit export's are.
import { neutraliseCell } from '../../audit/index.ts';
import type { PersonReview } from './person-review.ts';
import { MAX_REVIEWED_PEOPLE, type RoleReview } from './role-review.ts';

const csv = (rows: (string | undefined)[][]) => rows.map((row) => `${row.map((cell) => neutraliseCell(cell ?? '')).join(',')}\r\n`).join('');
const list = (items: string[]) => items.join('; ');

function roleRows(review: RoleReview): (string | undefined)[][] {
  return [
    ['kind', 'rule', 'groups', 'pattern', 'source', 'username', 'display_name', 'has_role', 'can_sign_in', 'reasons'],
    ...review.grants.map((g) => ['grant', g.rule, list(g.groups), g.pattern, '', '', '', '', '', g.mfa ? 'mfa: required' : '']),
    ...review.denies.map((d) => ['deny', d.rule, list(d.groups), d.pattern, '', '', '', '', '', '']),
    ...review.sources.filter((s) => !s.canListMembers || s.problem || s.cut).map((s) => ['source', '', '', '', s.source, '', '', '', '', s.note ?? s.problem ?? `only the first ${MAX_REVIEWED_PEOPLE} people were looked up`]),
    ...review.people.map((p) => ['person', '', list(p.groups), '', p.source, p.username, p.displayName, String(p.hasRole), String(p.canSignIn), list(p.hasRole ? p.reasons : p.deniedBy)]),
  ];
}

function personRows(review: PersonReview): (string | undefined)[][] {
  return [
    ['kind', 'role', 'arn', 'reasons', 'mfa_required'],
    ...review.entitlements.map((e) => ['entitlement', e.key, e.arn, list(e.reasons), list(e.mfaRequired)]),
    ...review.denied.map((d) => ['denied', d.key, '', list(d.reasons), '']),
    ...(review.note ? [['source', '', '', review.note, '']] : []),
  ];
}

export function reviewCsv(review: RoleReview | PersonReview): string {
  return csv('role' in review ? roleRows(review) : personRows(review));
}
