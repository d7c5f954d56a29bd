// Which rules reach a role: those whose grants name it (with the groups they grant it to) and those
// whose denies take it away. Pure: the access review asks the directories about the groups.
import type { Identity } from '../identity/index.ts';
import type { Role } from './roles.ts';
import { type AccessPolicy, type CompiledRule, ruleName } from './rules.ts';

export type RoleGrant = {
  rule: string;
  /** The rule's group patterns, as written (globs allowed). */
  groups: CompiledRule['groups'];
  /** The grant (or deny) pattern that names the role. */
  pattern: string;
  mfa: boolean;
};

function reaching(policy: AccessPolicy, key: string, side: 'grant' | 'deny'): RoleGrant[] {
  const found: RoleGrant[] = [];
  for (const rule of policy.rules) {
    const pattern = rule[side].find((p) => p.matches(key));
    if (pattern) found.push({ rule: ruleName(rule), groups: rule.groups, pattern: pattern.text, mfa: rule.mfa });
  }
  return found;
}

export const grantsOfRole = (policy: AccessPolicy, key: string) => reaching(policy, key, 'grant');
export const deniesOfRole = (policy: AccessPolicy, key: string) => reaching(policy, key, 'deny');

/** Whether a session of this role always carries Roleport's mfa tags: the role, its account or a rule granting it needs MFA. */
export function roleNeedsMfa(policy: AccessPolicy, role: Pick<Role, 'key' | 'mfa'>): boolean {
  return role.mfa !== undefined || grantsOfRole(policy, role.key).some((grant) => grant.mfa);
}

/** The denies that take `key` from this person, in words ("rule #3 denies 'prod/*' to group 'contractors'"). */
export function deniedBecause(identity: Pick<Identity, 'groups'>, policy: AccessPolicy, key: string): string[] {
  const reasons: string[] = [];
  for (const deny of deniesOfRole(policy, key)) {
    for (const group of identity.groups) if (deny.groups.some((g) => g.matches(group))) reasons.push(`${deny.rule} denies '${deny.pattern}' to group '${group}'`);
  }
  return reasons;
}

/** Roles a rule grants this person that a deny takes away, each with the denies' words. */
export function deniedRoles(identity: Pick<Identity, 'groups'>, policy: AccessPolicy): { key: string; reasons: string[] }[] {
  const denied: { key: string; reasons: string[] }[] = [];
  for (const key of policy.roles.keys()) {
    const granted = grantsOfRole(policy, key).some((grant) => identity.groups.some((group) => grant.groups.some((g) => g.matches(group))));
    const reasons = granted ? deniedBecause(identity, policy, key) : [];
    if (reasons.length > 0) denied.push({ key, reasons });
  }
  return denied;
}
