// Who can reach a role: every rule that grants it (and every deny that takes it away), and, from
// each identity source that can list group members, the people — each looked up as a sign-in would
// see them, so a deny or a disabled account shows as it would at sign-in.
import { asciiLowerCase } from '../../ascii-case.ts';
import { type Role, deniedBecause, deniesOfRole, findEntitlement, grantsOfRole } from '../../access/index.ts';
import { notFound } from '../../errors.ts';
import type { Directory, GroupPattern, IdentitySource } from '../../identity/index.ts';
import type { AppContext } from '../context.ts';
import { directoryOf, sourceNote } from './directories.ts';

/** At most this many people are looked up per role (a review of a huge group says it was cut). */
export const MAX_REVIEWED_PEOPLE = 1000;

export type RuleReach = { rule: string; groups: string[]; pattern: string; mfa: boolean };

export type ReviewedPerson = {
  source: string;
  username: string;
  displayName: string;
  /** Through which granting groups the person was found. */
  groups: string[];
  hasRole: boolean;
  canSignIn: boolean;
  reasons: string[];
  deniedBy: string[];
};

export type SourceReach = {
  source: string;
  type: string;
  canListMembers: boolean;
  note?: string;
  groups: { pattern: string; group: string; members: number; depthLimitReached?: boolean }[];
  problem?: string;
  cut?: boolean;
};

export type RoleReview = { role: Role; grants: RuleReach[]; denies: RuleReach[]; sources: SourceReach[]; people: ReviewedPerson[] };

type Ctx = Pick<AppContext, 'policy' | 'sources' | 'logger'>;

const asReach = (found: ReturnType<typeof grantsOfRole>[number]): RuleReach => ({ rule: found.rule, groups: found.groups.map((g) => g.text), pattern: found.pattern, mfa: found.mfa });

async function reviewSource(ctx: Ctx, key: string, source: IdentitySource, directory: Directory, patterns: GroupPattern[], people: ReviewedPerson[]): Promise<SourceReach> {
  const reach: SourceReach = { source: source.id, type: source.type, canListMembers: true, groups: [] };
  const found = new Map<string, { displayName: string; groups: string[] }>();
  try {
    for (const pattern of patterns) {
      for (const group of await directory.membersOf(pattern)) {
        reach.groups.push({ pattern: pattern.text, group: group.group, members: group.members.length, ...(group.depthLimitReached ? { depthLimitReached: true } : {}) });
        for (const member of group.members) {
          const seen = found.get(member.username) ?? { displayName: member.displayName, groups: [] };
          if (!seen.groups.includes(group.group)) seen.groups.push(group.group);
          found.set(member.username, seen);
        }
      }
    }
    for (const [username, { displayName, groups }] of found) {
      if (people.length >= MAX_REVIEWED_PEOPLE) {
        reach.cut = true;
        break;
      }
      const person = await directory.lookUp(username);
      if (!person) continue; // left the directory between the two searches
      const entitlement = findEntitlement(person.identity, ctx.policy, key);
      people.push({
        source: source.id,
        username: person.identity.username,
        displayName: person.identity.displayName || displayName,
        groups,
        hasRole: entitlement !== undefined,
        canSignIn: person.canSignIn,
        reasons: entitlement?.reasons ?? [],
        deniedBy: entitlement ? [] : deniedBecause(person.identity, ctx.policy, key),
      });
    }
  } catch (error) {
    ctx.logger.warn({ err: error, identitySource: source.id }, 'access review: the identity source did not answer');
    reach.problem = 'the directory did not answer; the people of this source are missing from the review';
  }
  return reach;
}

export async function reviewRole(ctx: Ctx, account: string, roleName: string): Promise<RoleReview> {
  const role = ctx.policy.roles.get(`${account}/${roleName}`);
  if (!role) throw notFound(`there is no role ${account}/${roleName} in Roleport's configuration`);
  const grants = grantsOfRole(ctx.policy, role.key);
  const patterns = [...new Map(grants.flatMap((g) => g.groups).map((p) => [asciiLowerCase(p.text), p])).values()];
  const people: ReviewedPerson[] = [];
  const sources: SourceReach[] = [];
  for (const source of ctx.sources) {
    const directory = directoryOf(source);
    if (!directory) sources.push({ source: source.id, type: source.type, canListMembers: false, note: sourceNote(source), groups: [] });
    else sources.push(await reviewSource(ctx, role.key, source, directory, patterns, people));
  }
  people.sort((a, b) => Number(b.hasRole) - Number(a.hasRole) || a.username.localeCompare(b.username) || a.source.localeCompare(b.source));
  return { role, grants: grants.map(asReach), denies: deniesOfRole(ctx.policy, role.key).map(asReach), sources, people };
}
