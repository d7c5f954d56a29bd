// Access rules: groups -> grants and denies of roles, compiled once; entitlements carry their reasons.
// Pure functions over data loaded beforehand: nothing here calls a directory or STS.
import type { RuleConfig } from '../config/index.ts';
import type { Identity } from '../identity/index.ts';
import { type Matcher, compileGlob } from './glob.ts';
import { type CatalogIndex, type GroupIndex, buildCatalogIndex, buildGroupIndex, byAccountThenName } from './rule-index.ts';
import type { Role } from './roles.ts';

export type Entitlement = {
  role: Role;
  reasons: string[];
  /** Set when this person needs a second factor for the role: the role, its account or a granting rule says so. */
  mfaRequired?: { reasons: string[] };
};

type CompiledPattern = { text: string; matches: Matcher };
export type CompiledRule = {
  /** 1-based position in the config, as people count. */
  number: number;
  description?: string;
  groups: CompiledPattern[];
  grant: CompiledPattern[];
  deny: CompiledPattern[];
  /** `mfa: required`: every grant of this rule needs a second factor. */
  mfa: boolean;
};

export type AccessPolicy = {
  roles: Map<string, Role>;
  rules: CompiledRule[];
  /** Every configured account (roles of AWS-federation sign-ins may be in accounts without configured roles). */
  accounts?: Role['account'][];
};

export function compileRules(rules: RuleConfig[]): CompiledRule[] {
  return rules.map((rule, index) => ({
    number: index + 1,
    description: rule.description,
    groups: rule.groups.map((text) => ({ text, matches: compileGlob(text, { caseInsensitive: true }) })),
    grant: (rule.grant ?? []).map((text) => ({ text, matches: compileGlob(text) })),
    deny: (rule.deny ?? []).map((text) => ({ text, matches: compileGlob(text) })),
    mfa: rule.mfa === 'required',
  }));
}

/** Marks the entitlement as needing a second factor, for one more reason. */
export function requireMfa(entitlement: Entitlement, reason: string): void {
  entitlement.mfaRequired ??= { reasons: [] };
  if (!entitlement.mfaRequired.reasons.includes(reason)) entitlement.mfaRequired.reasons.push(reason);
}

/** A new entitlement that carries the role's own MFA requirement (the role or its account). */
export function withRoleMfa(entitlement: Entitlement): Entitlement {
  if (entitlement.role.mfa) requireMfa(entitlement, entitlement.role.mfa);
  return entitlement;
}

export function ruleName(rule: Pick<CompiledRule, 'number' | 'description'>): string {
  return rule.description ? `rule #${rule.number} (${rule.description})` : `rule #${rule.number}`;
}

const groupIndexes = new WeakMap<CompiledRule[], GroupIndex>();
const catalogIndexes = new WeakMap<Map<string, Role>, WeakMap<CompiledRule[], CatalogIndex>>();

/** The indexes of a policy, built the first time it is evaluated and kept as long as the policy. */
function indexesOf(policy: AccessPolicy): { groups: GroupIndex; catalog: CatalogIndex } {
  let groups = groupIndexes.get(policy.rules);
  if (!groups) groupIndexes.set(policy.rules, (groups = buildGroupIndex(policy.rules)));
  let byRules = catalogIndexes.get(policy.roles);
  if (!byRules) catalogIndexes.set(policy.roles, (byRules = new WeakMap()));
  let catalog = byRules.get(policy.rules);
  if (!catalog) byRules.set(policy.rules, (catalog = buildCatalogIndex(policy.roles)));
  return { groups, catalog };
}

/**
 * The roles a person may use: the union of every matching grant, minus every matching deny.
 * Each entitlement says which rule and which group granted it. Only the rules that name one of
 * the person's groups are visited (see rule-index.ts).
 */
export function resolveEntitlements(identity: Pick<Identity, 'groups'>, policy: AccessPolicy): Entitlement[] {
  const index = indexesOf(policy);
  const granted = new Map<string, Entitlement>();
  const denied = new Set<string>();
  const matching = index.groups.matching(identity.groups);
  for (const position of [...matching.keys()].sort((a, b) => a - b)) {
    const rule = policy.rules[position];
    const groups = matching.get(position)!.map((i) => identity.groups[i]);
    const effect = index.catalog.effectOf(position, rule);
    for (const key of effect.denies) denied.add(key);
    const name = ruleName(rule);
    for (const { role, text } of effect.grants) {
      let entitlement = granted.get(role.key);
      if (!entitlement) granted.set(role.key, (entitlement = withRoleMfa({ role, reasons: [] })));
      for (const group of groups) entitlement.reasons.push(`${name} grants '${text}' to group '${group}'`);
      if (rule.mfa) requireMfa(entitlement, `${name} grants it with mfa: required`);
    }
  }
  // In the picker's order: each role's place was worked out once, when the catalog was indexed.
  const ranked: { rank: number; entitlement: Entitlement }[] = [];
  for (const entitlement of granted.values()) {
    if (!denied.has(entitlement.role.key)) ranked.push({ rank: index.catalog.rankOf(entitlement.role.key) ?? 0, entitlement });
  }
  return ranked.sort((a, b) => a.rank - b.rank || byAccountThenName(a.entitlement.role, b.entitlement.role)).map((r) => r.entitlement);
}

/** The one entitlement for `key`, or undefined when the person may not use that role. */
export function findEntitlement(identity: Pick<Identity, 'groups'>, policy: AccessPolicy, key: string): Entitlement | undefined {
  return resolveEntitlements(identity, policy).find((entitlement) => entitlement.role.key === key);
}
