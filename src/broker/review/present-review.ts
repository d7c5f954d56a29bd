// Access reviews as JSON: fields copied one by one (a role's settings carry secret references).
import type { PersonReview } from './person-review.ts';
import type { RoleReview } from './role-review.ts';

export function presentRoleReview(review: RoleReview) {
  const { role } = review;
  return {
    role: { key: role.key, account: { name: role.account.name, id: role.account.id }, name: role.name, arn: role.arn, description: role.description, method: role.method },
    grants: review.grants.map((g) => ({ rule: g.rule, groups: [...g.groups], pattern: g.pattern, mfa: g.mfa })),
    denies: review.denies.map((d) => ({ rule: d.rule, groups: [...d.groups], pattern: d.pattern })),
    sources: review.sources.map((s) => ({ source: s.source, type: s.type, canListMembers: s.canListMembers, note: s.note, problem: s.problem, cut: s.cut, groups: s.groups.map((g) => ({ ...g })) })),
    people: review.people.map((p) => ({ source: p.source, username: p.username, displayName: p.displayName, hasRole: p.hasRole, canSignIn: p.canSignIn, groups: [...p.groups], reasons: [...p.reasons], deniedBy: [...p.deniedBy] })),
  };
}

export function presentPersonReview(review: PersonReview) {
  return {
    source: { ...review.source },
    person: review.person ? { ...review.person, groups: [...review.person.groups] } : undefined,
    note: review.note,
    entitlements: review.entitlements.map((e) => ({ ...e, reasons: [...e.reasons], mfaRequired: [...e.mfaRequired] })),
    denied: review.denied.map((d) => ({ key: d.key, reasons: [...d.reasons] })),
  };
}
