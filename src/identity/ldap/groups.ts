// Resolves a user's groups with the configured strategy: the memberOf attribute, a group search
// (member / uniqueMember / memberUid), AD's in-chain rule, a bounded recursive search, plus AD's primary group.
import type { AndFilter, Client, EqualityFilter } from 'ldapts';
import { loadLdapts } from './ldapts-library.ts';
import { asciiLowerCase } from '../../ascii-case.ts';
import type { LdapSourceConfig } from '../../config/index.ts';
import { firstRdn } from './dn-escape.ts';
import { type LdapEntry, firstBuffer, firstValue, values } from './entry.ts';
import { escapeFilterValue } from './filter-escape.ts';
import { primaryGroupSid } from './sid.ts';

/** AD's LDAP_MATCHING_RULE_IN_CHAIN: membership through any depth of nesting, evaluated by the DC. */
export const AD_IN_CHAIN_RULE = '1.2.840.113556.1.4.1941';
const OR_CHUNK = 50;
const PAGE_SIZE = 500;

export type GroupSettings = LdapSourceConfig['groups'] & { base: string; primaryGroup: boolean };
type Found = { dn: string; name?: string };
export type GroupResult = { groups: string[]; depthLimitReached: boolean };

/** DN lower-cased (A-Z) without blanks around separators, to recognise a group seen before. */
export function dnKey(dn: string): string {
  return asciiLowerCase(dn).replace(/\s*([,=+])\s*/g, '$1');
}

/** The filter that selects groups of `memberValue` through `attribute` (or the AD in-chain rule). */
export function membershipFilter(settings: Pick<GroupSettings, 'filter'>, attribute: string, memberValues: string[], rule?: string): string {
  const test = (value: string) => `(${attribute}${rule ? `:${rule}:` : ''}=${escapeFilterValue(value)})`;
  const membership = memberValues.length === 1 ? test(memberValues[0]) : `(|${memberValues.map(test).join('')})`;
  return `(&${settings.filter}${membership})`;
}

async function searchGroups(client: Client, settings: GroupSettings, filter: string | EqualityFilter | AndFilter): Promise<Found[]> {
  const { searchEntries } = await client.search(settings.base, {
    scope: 'sub',
    filter,
    attributes: [settings.nameAttribute],
    paged: { pageSize: PAGE_SIZE },
  });
  return searchEntries.map((entry) => ({ dn: entry.dn, name: firstValue(entry, settings.nameAttribute) }));
}

async function recursive(client: Client, settings: GroupSettings, userDn: string): Promise<{ found: Found[]; depthLimitReached: boolean }> {
  const seen = new Set([dnKey(userDn)]);
  const found: Found[] = [];
  let frontier = [userDn];
  for (let depth = 1; depth <= settings.maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (let i = 0; i < frontier.length; i += OR_CHUNK) {
      const filter = membershipFilter(settings, settings.memberAttribute, frontier.slice(i, i + OR_CHUNK));
      for (const group of await searchGroups(client, settings, filter)) {
        if (seen.has(dnKey(group.dn))) continue; // cycles and diamonds end here
        seen.add(dnKey(group.dn));
        found.push(group);
        next.push(group.dn);
      }
    }
    frontier = next;
  }
  // Groups found at the last level may have parents of their own that were not followed.
  const depthLimitReached = frontier.length > 0 && (await searchGroups(client, settings, membershipFilter(settings, settings.memberAttribute, frontier.slice(0, OR_CHUNK)))).some((g) => !seen.has(dnKey(g.dn)));
  return { found, depthLimitReached };
}

async function primaryGroup(client: Client, settings: GroupSettings, entry: LdapEntry): Promise<Found[]> {
  const rid = Number(firstValue(entry, 'primaryGroupID'));
  const userSid = firstBuffer(entry, 'objectSid');
  if (!userSid || !Number.isInteger(rid) || rid <= 0) return [];
  const sid = primaryGroupSid(userSid, rid);
  if (!sid) return [];
  // Binary values go in a filter object: a string filter would re-encode bytes above 0x7f as UTF-8.
  const { AndFilter, EqualityFilter, FilterParser } = await loadLdapts();
  const bySid = new EqualityFilter({ attribute: 'objectSid', value: sid });
  const filter = settings.filter === '(objectClass=*)' ? bySid : new AndFilter({ filters: [FilterParser.parseString(settings.filter), bySid] });
  return searchGroups(client, settings, filter);
}

export function groupName(group: { dn: string; name?: string }, settings: GroupSettings): string {
  const name = settings.as === 'dn' ? group.dn : (group.name ?? firstRdn(group.dn)?.value ?? group.dn);
  return settings.caseSensitive ? name : asciiLowerCase(name);
}

/** The user's group names (or DNs), without duplicates, in the order found. */
export async function resolveGroups(connection: Client | undefined, settings: GroupSettings, entry: LdapEntry, username: string): Promise<GroupResult> {
  let found: Found[] = [];
  let depthLimitReached = false;
  const client = () => {
    if (!connection) throw new Error(`groups.strategy ${settings.strategy} needs a connection`);
    return connection;
  };
  switch (settings.strategy) {
    case 'memberOf':
      // The name is the DN's first RDN value (e.g. the CN): no lookup per group.
      found = values(entry, 'memberOf').map((dn) => ({ dn, name: firstRdn(dn)?.value }));
      break;
    case 'search': {
      const value = settings.memberAttribute === 'memberUid' ? username : entry.dn;
      found = await searchGroups(client(), settings, membershipFilter(settings, settings.memberAttribute, [value]));
      break;
    }
    case 'ad-in-chain':
      found = await searchGroups(client(), settings, membershipFilter(settings, 'member', [entry.dn], AD_IN_CHAIN_RULE));
      break;
    case 'recursive':
      ({ found, depthLimitReached } = await recursive(client(), settings, entry.dn));
      break;
  }
  if (settings.primaryGroup) found.push(...(await primaryGroup(client(), settings, entry)));
  const groups: string[] = [];
  const seen = new Set<string>();
  for (const group of found) {
    const name = groupName(group, settings);
    const key = settings.caseSensitive ? name : asciiLowerCase(name);
    if (seen.has(key)) continue;
    seen.add(key);
    groups.push(name);
  }
  return { groups, depthLimitReached };
}
