// What a person can reach, asked of their identity source now (not their last sign-in): every
// entitlement with its reasons, and the roles a deny takes from them.
import { deniedRoles, resolveEntitlements } from '../../access/index.ts';
import { notFound } from '../../errors.ts';
import type { AppContext } from '../context.ts';
import { directoryOf, sourceNote } from './directories.ts';

export type PersonReview = {
  source: { id: string; type: string };
  /** Undefined when the source cannot look people up (note says why). */
  person?: { username: string; displayName: string; email?: string; groups: string[]; canSignIn: boolean };
  note?: string;
  entitlements: { key: string; arn: string; description?: string; reasons: string[]; mfaRequired: string[] }[];
  denied: { key: string; reasons: string[] }[];
};

export async function reviewPerson(ctx: Pick<AppContext, 'policy' | 'sources'>, sourceId: string, username: string): Promise<PersonReview> {
  const source = ctx.sources.find((s) => s.id === sourceId);
  if (!source) throw notFound(`there is no identity source '${sourceId}'`);
  const directory = directoryOf(source);
  const about = { id: source.id, type: source.type };
  if (!directory) return { source: about, note: sourceNote(source, 'look a person up'), entitlements: [], denied: [] };
  const found = await directory.lookUp(username);
  if (!found) throw notFound(`nobody is called '${username}' in the identity source '${sourceId}'`);
  const { identity } = found;
  return {
    source: about,
    person: { username: identity.username, displayName: identity.displayName, email: identity.email, groups: [...identity.groups], canSignIn: found.canSignIn },
    entitlements: resolveEntitlements(identity, ctx.policy).map((e) => ({ key: e.role.key, arn: e.role.arn, description: e.role.description, reasons: [...e.reasons], mfaRequired: [...(e.mfaRequired?.reasons ?? [])] })),
    denied: deniedRoles(identity, ctx.policy),
  };
}
