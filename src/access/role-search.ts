// Finding roles by typing: every word of the query must appear, in any order, in one of the role's
// fields, compared ASCII case-insensitively (role and account names are ASCII; descriptions keep
// their other letters as written). The picker, its script, deep links and the API all use this.
import { asciiLowerCase } from '../ascii-case.ts';
import { badRequest } from '../errors.ts';
import type { Role } from './roles.ts';
import type { Entitlement } from './rules.ts';

/** The longest query accepted (a few words; the picker's box has the same limit). */
export const MAX_QUERY_LENGTH = 200;

/** Whether two `<account>/<role>` keys name the same role: IAM role names ignore case, and so do links. */
export function sameRoleKey(a: string, b: string): boolean {
  return asciiLowerCase(a) === asciiLowerCase(b);
}

/** The configured role a key names, whatever the case of its letters. */
export function findRole(roles: Map<string, Role>, key: string): Role | undefined {
  return roles.get(key) ?? [...roles.values()].find((role) => sameRoleKey(role.key, key));
}

/** The query's words, lower-cased; an empty list matches everything. */
export function queryWords(query: string): string[] {
  return asciiLowerCase(query).split(/\s+/).filter(Boolean);
}

/** Which fields a search looks at: the picker and the API also read descriptions; deep links do not. */
export type SearchScope = 'everything' | 'names';

/** The text a role is found by: account name and id, role name, and (scope 'everything') description. */
export function searchText(entitlement: Entitlement, scope: SearchScope = 'everything'): string {
  const { role } = entitlement;
  const fields = [role.account.name, role.account.id, role.name];
  if (scope === 'everything' && role.description) fields.push(role.description);
  return asciiLowerCase(fields.join(' '));
}

export function matchesWords(text: string, words: string[]): boolean {
  return words.every((word) => text.includes(word));
}

/** The entitlements matching every word of `query`, in their order. */
export function searchEntitlements(entitlements: Entitlement[], query: string, scope: SearchScope = 'everything'): Entitlement[] {
  const words = queryWords(query);
  if (words.length === 0) return entitlements;
  return entitlements.filter((entitlement) => matchesWords(searchText(entitlement, scope), words));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** How far a word is from a role: the smallest edit distance to any of its name parts. */
function wordDistance(word: string, parts: string[]): number {
  return Math.min(...parts.map((part) => (part.includes(word) ? 0 : editDistance(word, part))));
}

/** The person's roles closest to a query that matched none of them, nearest first. */
export function closestEntitlements(entitlements: Entitlement[], query: string, count = 3): Entitlement[] {
  const words = queryWords(query);
  const scored = entitlements.map((entitlement) => {
    const parts = searchText(entitlement, 'names').split(/[\s/_.-]+/).filter(Boolean);
    return { entitlement, distance: words.reduce((sum, word) => sum + wordDistance(word, parts), 0) };
  });
  return scored.sort((a, b) => a.distance - b.distance).slice(0, count).map((s) => s.entitlement);
}

/** A `q` parameter from outside: absent means everything; anything but short text is refused. */
export function readSearchQuery(raw: unknown): string {
  if (raw === undefined) return '';
  if (typeof raw !== 'string') throw badRequest("the search 'q' must be given once, as text");
  if (raw.length > MAX_QUERY_LENGTH) throw badRequest(`the search 'q' is longer than ${MAX_QUERY_LENGTH} characters`);
  return raw.trim();
}
