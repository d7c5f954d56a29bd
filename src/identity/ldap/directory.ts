// The directory side of an access review, through the service account: a person looked up by
// username (groups resolved as at sign-in), and the people a sign-in would give a group, with
// nesting followed as the source's groups.strategy follows it.
import type { Client } from 'ldapts';
import { loadLdapts } from './ldapts-library.ts';
import type { LdapSourceConfig } from '../../config/index.ts';
import type { Directory, DirectoryPerson, GroupMembers, GroupPattern } from '../identity.ts';
import { isDisabled, isLocked } from './account-state.ts';
import { type LdapEntry, firstValue, values } from './entry.ts';
import { escapeFilterValue } from './filter-escape.ts';
import { AD_IN_CHAIN_RULE, type GroupSettings, dnKey, groupName } from './groups.ts';
import type { ServicePool } from './service-pool.ts';

const PAGE_SIZE = 500;
const GROUP_CLASSES = new Set(['group', 'groupofnames', 'groupofuniquenames', 'posixgroup', 'groupofurls']);

export type LdapDirectoryDeps = {
  pool: ServicePool;
  users: LdapSourceConfig['users'];
  groups: GroupSettings;
  /** The attributes a person is read with (as at sign-in). */
  userAttributes: string[];
  usernameAttribute: string;
  displayNameAttribute: string;
  findUser(client: Client, username: string): Promise<LdapEntry | undefined>;
  /** The person a sign-in would make of the entry (groups resolved by the strategy). */
  personOf(client: Client, entry: LdapEntry, username: string): Promise<DirectoryPerson['identity']>;
};

/** A rule's group glob as an LDAP substring filter value: `*` kept, everything else escaped, `?` widened to `*` (then checked by the glob). */
function globToFilterValue(glob: string): string {
  return glob.split(/[*?]/).map(escapeFilterValue).join('*');
}

const under = (dn: string, base: string) => dnKey(dn).endsWith(dnKey(base));

export function createLdapDirectory(deps: LdapDirectoryDeps): Directory {
  const { groups: settings, pool } = deps;
  const memberValue = (value: string) => value.replace(/#'[01]*'B$/, ''); // uniqueMember's optional bit string

  async function search(client: Client, base: string, filter: string, attributes: string[], scope: 'sub' | 'one' | 'base' = 'sub') {
    return (await client.search(base, { scope, filter, attributes, paged: scope === 'base' ? undefined : { pageSize: PAGE_SIZE } })).searchEntries;
  }

  /** The groups the pattern names: by their name attribute (or every group, for names kept as DNs). */
  async function findGroups(client: Client, pattern: GroupPattern): Promise<LdapEntry[]> {
    const filter = settings.as === 'dn' ? settings.filter : `(&${settings.filter}(${settings.nameAttribute}=${globToFilterValue(pattern.text)}))`;
    const found = await search(client, settings.base, filter, [settings.nameAttribute, settings.memberAttribute]);
    return found.filter((entry) => pattern.matches(groupName({ dn: entry.dn, name: firstValue(entry, settings.nameAttribute) }, settings)));
  }

  const member = (entry: LdapEntry) => {
    const username = firstValue(entry, deps.usernameAttribute) ?? '';
    return { username, displayName: firstValue(entry, deps.displayNameAttribute) ?? firstValue(entry, 'cn') ?? username };
  };

  const isGroup = (entry: LdapEntry) => values(entry, 'objectClass').some((c) => GROUP_CLASSES.has(c.toLowerCase())) || values(entry, settings.memberAttribute).length > 0;

  /** Reads the entries a group's member attribute names: people, and the groups nested in it. */
  async function readMembers(client: Client, group: LdapEntry): Promise<{ people: LdapEntry[]; nested: LdapEntry[] }> {
    const people: LdapEntry[] = [];
    const nested: LdapEntry[] = [];
    for (const value of values(group, settings.memberAttribute).map(memberValue)) {
      if (settings.memberAttribute === 'memberUid') {
        const person = await deps.findUser(client, value);
        if (person) people.push(person);
        continue;
      }
      const { NoSuchObjectError } = await loadLdapts();
      const [entry] = await search(client, value, '(objectClass=*)', [...deps.userAttributes, 'objectClass', settings.memberAttribute], 'base').catch((error: unknown) => {
        if (error instanceof NoSuchObjectError) return [];
        throw error;
      });
      if (!entry) continue; // a member that no longer exists
      if (isGroup(entry)) nested.push(entry);
      else if (under(entry.dn, deps.users.base) && firstValue(entry, deps.usernameAttribute)) people.push(entry);
    }
    return { people, nested };
  }

  /** The people who get the group at sign-in, by the strategy. */
  async function membersOfGroup(client: Client, group: LdapEntry): Promise<{ people: LdapEntry[]; depthLimitReached: boolean }> {
    const userFilter = (test: string) => search(client, deps.users.base, test, deps.userAttributes, deps.users.scope);
    switch (settings.strategy) {
      case 'memberOf':
        return { people: await userFilter(`(memberOf=${escapeFilterValue(group.dn)})`), depthLimitReached: false };
      case 'ad-in-chain':
        return { people: await userFilter(`(memberOf:${AD_IN_CHAIN_RULE}:=${escapeFilterValue(group.dn)})`), depthLimitReached: false };
      case 'search':
        return { people: (await readMembers(client, group)).people, depthLimitReached: false };
      case 'recursive': {
        // Down from the group as far as a sign-in climbs up from a person: maxDepth levels.
        const seen = new Set([dnKey(group.dn)]);
        const people = new Map<string, LdapEntry>();
        let frontier = [group];
        let depthLimitReached = false;
        for (let depth = 1; depth <= settings.maxDepth && frontier.length > 0; depth++) {
          const next: LdapEntry[] = [];
          for (const current of frontier) {
            const found = await readMembers(client, current);
            for (const person of found.people) people.set(dnKey(person.dn), person);
            for (const inner of found.nested) {
              if (seen.has(dnKey(inner.dn))) continue; // cycles end here
              seen.add(dnKey(inner.dn));
              if (depth === settings.maxDepth) depthLimitReached = true;
              else next.push(inner);
            }
          }
          frontier = next;
        }
        return { people: [...people.values()], depthLimitReached };
      }
    }
  }

  return {
    async lookUp(username) {
      return pool.use(async (client) => {
        const entry = await deps.findUser(client, username);
        if (!entry) return undefined;
        const identity = await deps.personOf(client, entry, username);
        return { identity, canSignIn: !isDisabled(entry) && !isLocked(entry) };
      });
    },
    async membersOf(pattern) {
      return pool.use(async (client) => {
        const result: GroupMembers[] = [];
        for (const group of await findGroups(client, pattern)) {
          const { people, depthLimitReached } = await membersOfGroup(client, group);
          const name = groupName({ dn: group.dn, name: firstValue(group, settings.nameAttribute) }, settings);
          result.push({ group: name, members: people.map(member).sort((a, b) => a.username.localeCompare(b.username)), ...(depthLimitReached ? { depthLimitReached } : {}) });
        }
        return result;
      });
    },
  };
}
