// Indexes over compiled rules, built once per rule list (and per role catalog) and then reused:
// which rules name a group (exact names by lookup, globs by test), which roles a rule grants or
// denies, and where each role sorts. Evaluation then touches only the rules that match.
import { asciiLowerCase } from '../ascii-case.ts';
import type { Matcher } from './glob.ts';
import type { Role } from './roles.ts';

/** The parts of a compiled rule an index needs. */
export type IndexableRule = {
  groups: { text: string; matches: Matcher }[];
  grant: { text: string; matches: Matcher }[];
  deny: { text: string; matches: Matcher }[];
};

const HAS_WILDCARD = /[*?]/;

export type GroupIndex = {
  /** For each rule (by position) that matches one of `groups`, the positions of those groups, in order. */
  matching(groups: readonly string[]): Map<number, number[]>;
};

export function buildGroupIndex(rules: readonly IndexableRule[]): GroupIndex {
  const exact = new Map<string, number[]>();
  const globs: { rule: number; matches: Matcher }[] = [];
  rules.forEach((rule, position) => {
    for (const pattern of rule.groups) {
      if (HAS_WILDCARD.test(pattern.text)) {
        globs.push({ rule: position, matches: pattern.matches });
        continue;
      }
      // Group names compare ignoring A-Z case (as compileGlob does for group patterns).
      const key = asciiLowerCase(pattern.text);
      const list = exact.get(key);
      if (!list) exact.set(key, [position]);
      else if (list[list.length - 1] !== position) list.push(position);
    }
  });
  return {
    matching(groups) {
      const hits = new Map<number, number[]>();
      const hit = (rule: number, group: number) => {
        const list = hits.get(rule);
        if (!list) hits.set(rule, [group]);
        else if (!list.includes(group)) list.push(group);
      };
      groups.forEach((group, i) => {
        for (const rule of exact.get(asciiLowerCase(group)) ?? []) hit(rule, i);
      });
      for (const glob of globs) groups.forEach((group, i) => glob.matches(group) && hit(glob.rule, i));
      if (globs.length > 0) for (const list of hits.values()) list.sort((a, b) => a - b);
      return hits;
    },
  };
}

/** A rule's effect on one role catalog: the roles it grants (with the pattern that did) and denies, in catalog order. */
export type RuleEffect = { grants: { role: Role; text: string }[]; denies: string[] };

export type CatalogIndex = {
  /** The rule's effect on the catalog, worked out the first time it is asked for. */
  effectOf(position: number, rule: IndexableRule): RuleEffect;
  /** The role's place in the picker's order (account name, then role name). */
  rankOf(key: string): number | undefined;
};

export function byAccountThenName(a: Role, b: Role): number {
  return a.account.name.localeCompare(b.account.name) || a.name.localeCompare(b.name);
}

export function buildCatalogIndex(roles: Map<string, Role>): CatalogIndex {
  const position = new Map<string, number>();
  [...roles.keys()].forEach((key, i) => position.set(key, i));
  const rank = new Map<string, number>();
  [...roles.values()].sort(byAccountThenName).forEach((role, i) => rank.set(role.key, i));
  const effects: RuleEffect[] = [];

  /** The keys a list of patterns names; for each, the first pattern (in the rule's order) that names it. */
  const named = (patterns: IndexableRule['grant']) => {
    const found = new Map<string, string>();
    for (const pattern of patterns) {
      if (!HAS_WILDCARD.test(pattern.text)) {
        if (roles.has(pattern.text) && !found.has(pattern.text)) found.set(pattern.text, pattern.text);
        continue;
      }
      for (const key of roles.keys()) if (!found.has(key) && pattern.matches(key)) found.set(key, pattern.text);
    }
    return [...found].sort((a, b) => position.get(a[0])! - position.get(b[0])!);
  };

  return {
    effectOf(at, rule) {
      let effect = effects[at];
      if (!effect) {
        effect = { grants: named(rule.grant).map(([key, text]) => ({ role: roles.get(key)!, text })), denies: named(rule.deny).map(([key]) => key) };
        effects[at] = effect;
      }
      return effect;
    },
    rankOf: (key) => rank.get(key),
  };
}
