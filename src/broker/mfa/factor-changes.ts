// Who may add or remove factors now: with a factor on file, only a session that just passed a
// check with one of them (a stolen password-only session cannot add its own); with none yet, only
// a sign-in less than 5 minutes old.
import type { Request } from 'express';
import { RoleportError } from '../../errors.ts';
import type { Identity } from '../../identity/index.ts';
import type { AppContext } from '../context.ts';
import { auditMfa } from './mfa-audit.ts';
import { personOf } from './person.ts';
import { mfaVerifiedWithin, personHasFactor } from './verification.ts';

/** How fresh a check (or, before the first factor, the sign-in) must be to change factors. */
export const FRESH_SECONDS = 5 * 60;

type Ctx = Pick<AppContext, 'audit' | 'clock' | 'storage'>;

export type ChangeBlock = { need: 'verify' | 'sign-in-again'; href: string; message: string };

/** A check with one of the person's own factors (not the identity provider's) in the last 5 minutes. */
export function freshlyVerifiedWithOwnFactor(req: Request, ctx: Pick<AppContext, 'clock'>): boolean {
  return req.session.mfaMethod !== 'idp' && mfaVerifiedWithin(req, ctx, FRESH_SECONDS);
}

/** Undefined when this session may change factors now; else what it needs first, coming back to `returnTo`. */
export async function factorChangeBlock(req: Request, ctx: Ctx, identity: Identity, returnTo: string): Promise<ChangeBlock | undefined> {
  if (await personHasFactor(ctx, identity)) {
    if (freshlyVerifiedWithOwnFactor(req, ctx)) return undefined;
    return { need: 'verify', href: `/mfa?next=${encodeURIComponent(returnTo)}`, message: 'confirm it is you with one of your factors first' };
  }
  const signedInAt = req.session.signedInAt ?? 0;
  if (ctx.clock().getTime() - signedInAt <= FRESH_SECONDS * 1000) return undefined;
  return {
    need: 'sign-in-again',
    href: `/login?reauth=1&next=${encodeURIComponent(returnTo)}`,
    message: 'to set up your first factor, sign in again: your sign-in must be less than 5 minutes old',
  };
}

/** For form posts: refuses (403) unless factors may be changed now. */
export async function assertMayChangeFactors(req: Request, ctx: Ctx, identity: Identity, returnTo: string): Promise<void> {
  const block = await factorChangeBlock(req, ctx, identity, returnTo);
  if (!block) return;
  throw new RoleportError({ status: 403, code: 'mfa_required', message: block.message, action: { href: block.href, label: block.need === 'verify' ? 'Verify' : 'Sign in again' } });
}

export async function renameFactor(ctx: Ctx, identity: Identity, id: string, name: string): Promise<void> {
  if (!(await ctx.storage.factors.rename(personOf(identity), id, name))) throw new RoleportError({ status: 404, code: 'factor_not_found', message: 'you have no such factor' });
}

/** Removes one factor (after assertMayChangeFactors); with the last one go the recovery codes. */
export async function removeFactor(req: Request, ctx: Ctx, identity: Identity, id: string): Promise<void> {
  const person = personOf(identity);
  const factor = (await ctx.storage.factors.list(person)).find((f) => f.id === id);
  if (!factor || !(await ctx.storage.factors.remove(person, id))) throw new RoleportError({ status: 404, code: 'factor_not_found', message: 'you have no such factor' });
  if ((await ctx.storage.factors.count(person)) === 0) await ctx.storage.recoveryCodes.removeAll(person);
  auditMfa(req, ctx, identity, 'mfa.removed', 'success', { details: { method: factor.kind, factor: factor.name } });
}

/** A factor's name as typed: trimmed, 1-64 characters, no control characters. */
export function readFactorName(raw: unknown, fallback: string): string {
  const name = typeof raw === 'string' ? raw.replace(/[\x00-\x1f\x7f]/g, '').trim() : '';
  if (name.length > 64) throw new RoleportError({ status: 400, code: 'bad_request', message: 'a factor name is at most 64 characters' });
  if (!name && !fallback) throw new RoleportError({ status: 400, code: 'bad_request', message: 'give the factor a name' });
  return name || fallback;
}
