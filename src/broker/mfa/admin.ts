// Administrators (admin.groups) and what they may do to other people's factors.
import type { NextFunction, Request, Response } from 'express';
import { asciiLowerCase } from '../../ascii-case.ts';
import type { RoleportConfig } from '../../config/index.ts';
import { RoleportError } from '../../errors.ts';
import type { Identity } from '../../identity/index.ts';
import type { PersonKey } from '../../storage/index.ts';
import { clientInfo } from '../client-info.ts';
import type { AppContext } from '../context.ts';
import { currentIdentity } from '../session.ts';
import { freshlyVerifiedWithOwnFactor } from './factor-changes.ts';
import { auditMfa } from './mfa-audit.ts';

export function isAdmin(identity: Identity, config: Pick<RoleportConfig, 'admin'>): boolean {
  const groups = new Set(config.admin.groups.map(asciiLowerCase));
  return identity.groups.some((g) => groups.has(asciiLowerCase(g)));
}

/**
 * Middleware for /admin: signed in, an administrator, and freshly verified with their own factor
 * (a page view goes to /mfa first and comes back; a form post is refused).
 */
export function requireAdmin(ctx: Pick<AppContext, 'config' | 'clock' | 'audit'>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const identity = currentIdentity(req);
    if (!identity) return res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (!isAdmin(identity, ctx.config)) {
      ctx.audit.record({ event: 'request.refused', outcome: 'refused', actor: { username: identity.username, source: identity.source }, client: clientInfo(req), reason: `not an administrator: ${req.method} ${req.baseUrl}${req.path}` });
      throw new RoleportError({ status: 403, code: 'not_admin', message: 'this page is for Roleport administrators' });
    }
    if (freshlyVerifiedWithOwnFactor(req, ctx)) return next();
    const verify = `/mfa?next=${encodeURIComponent(req.method === 'GET' ? req.originalUrl : '/admin')}`;
    if (req.method === 'GET') return res.redirect(302, verify);
    throw new RoleportError({ status: 403, code: 'mfa_required', message: 'confirm it is you with one of your factors first', action: { href: verify, label: 'Verify' } });
  };
}

/** Removes every factor and recovery code of `person` (a lost device), audited as mfa.reset. */
export async function resetFactors(req: Request, ctx: Pick<AppContext, 'audit' | 'storage'>, admin: Identity, person: PersonKey): Promise<number> {
  const shown = await ctx.storage.people.find(person);
  const removed = await ctx.storage.factors.removeAll(person);
  await ctx.storage.recoveryCodes.removeAll(person);
  auditMfa(req, ctx, admin, 'mfa.reset', 'success', { details: { personSource: person.source, personSubject: person.subject, personUsername: shown?.username, factors: removed } });
  return removed;
}
