// Access rules: groups -> grants and denies of roles, compiled once; entitlements carry their reasons.
// Pure functions over data loaded beforehand: nothing here calls a directory or STS.
import type { RuleConfig } from '../config/index.ts';
import type { Identity } from '../identity/index.ts';
import { type Matcher, compileGlob } from './glob.ts';
import type { Role } from './roles.ts';

export type Entitlement = { role: Role; reasons: string[] };

type CompiledPattern = { text: string; matches: Matcher };
export type CompiledRule = {
  /** 1-based position in the config, as people count. */
  number: number;
  description?: string;
  groups: CompiledPattern[];
  grant: CompiledPattern[];
  deny: CompiledPattern[];
};

export type AccessPolicy = { roles: Map<string, Role>; rules: CompiledRule[] };

export function compileRules(rules: RuleConfig[]): CompiledRule[] {
  return rules.map((rule, index) => ({
    number: index + 1,
    description: rule.description,
    groups: rule.groups.map((text) => ({ text, matches: compileGlob(text, { caseInsensitive: true }) })),
    grant: (rule.grant ?? []).map((text) => ({ text, matches: compileGlob(text) })),
    deny: (rule.deny ?? []).map((text) => ({ text, matches: compileGlob(text) })),
  }));
}

function ruleName(rule: CompiledRule): string {
  return rule.description ? `rule #${rule.number} (${rule.description})` : `rule #${rule.number}`;
}

/**
 * The roles a person may use: the union of every matching grant, minus every matching deny.
 * Each entitlement says which rule and which group granted it.
 */
export function resolveEntitlements(identity: Pick<Identity, 'groups'>, policy: AccessPolicy): Entitlement[] {
  const granted = new Map<string, Entitlement>();
  const denied = new Set<string>();
  for (const rule of policy.rules) {
    const groups = identity.groups.filter((group) => rule.groups.some((pattern) => pattern.matches(group)));
    if (groups.length === 0) continue;
    for (const role of policy.roles.values()) {
      if (rule.deny.some((pattern) => pattern.matches(role.key))) denied.add(role.key);
      const grant = rule.grant.find((pattern) => pattern.matches(role.key));
      if (!grant) continue;
      const entitlement = granted.get(role.key) ?? { role, reasons: [] };
      for (const group of groups) entitlement.reasons.push(`${ruleName(rule)} grants '${grant.text}' to group '${group}'`);
      granted.set(role.key, entitlement);
    }
  }
  return [...granted.values()]
    .filter((entitlement) => !denied.has(entitlement.role.key))
    .sort((a, b) => a.role.account.name.localeCompare(b.role.account.name) || a.role.name.localeCompare(b.role.name));
}

/** The one entitlement for `key`, or undefined when the person may not use that role. */
export function findEntitlement(identity: Pick<Identity, 'groups'>, policy: AccessPolicy, key: string): Entitlement | undefined {
  return resolveEntitlements(identity, policy).find((entitlement) => entitlement.role.key === key);
}
