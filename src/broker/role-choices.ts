// A person's favourite roles and the ones they used last, as the picker shows them. Recents are
// written by audited issuance (every door); a store that fails there costs the list, never the keys.
import type { Entitlement } from '../access/index.ts';
import type { Identity } from '../identity/index.ts';
import type { AppContext } from './context.ts';
import { personOf } from './mfa/person.ts';

type ChoicesContext = Pick<AppContext, 'storage' | 'clock'>;

export type RoleChoices = { favourites: Set<string>; recents: string[] };

/** The person's starred role keys and their last roles, the latest first. */
export async function loadRoleChoices(ctx: ChoicesContext, identity: Identity): Promise<RoleChoices> {
  const person = personOf(identity);
  const [favourites, recents] = await Promise.all([ctx.storage.favouriteRoles.list(person), ctx.storage.recentRoles.list(person)]);
  return { favourites: new Set(favourites), recents: recents.map((recent) => recent.roleKey) };
}

export async function setFavouriteRole(ctx: ChoicesContext, identity: Identity, entitlement: Entitlement, starred: boolean): Promise<void> {
  await ctx.storage.favouriteRoles.set(personOf(identity), entitlement.role.key, starred, ctx.clock().getTime());
}

/** Records that the person just used the role (console opened or keys issued). */
export async function recordRoleUse(ctx: ChoicesContext & Pick<AppContext, 'logger'>, identity: Identity, entitlement: Entitlement): Promise<void> {
  try {
    await ctx.storage.recentRoles.touch(personOf(identity), entitlement.role.key, ctx.clock().getTime());
  } catch (error) {
    ctx.logger.warn({ err: error, role: entitlement.role.key }, 'could not record the role among the recently used ones');
  }
}
