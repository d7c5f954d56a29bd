// A person's second-factor check, kept in their session: when and how. Every door asks
// mfaVerifiedWithin before an MFA role; a factor check or an enrolment calls recordMfaVerification.
import type { Request } from 'express';
import type { MfaMethod } from '../../config/index.ts';
import type { Identity } from '../../identity/index.ts';
import { clientInfo } from '../client-info.ts';
import type { AppContext } from '../context.ts';
import { currentIdentity, saveSession } from '../session.ts';
import { personOf } from './person.ts';

export type { MfaMethod };

declare module 'express-session' {
  interface SessionData {
    /** Epoch ms of the last successful second-factor check. */
    mfaVerifiedAt?: number;
    mfaMethod?: MfaMethod;
  }
}

/** Marks the session verified now by `method`, saves it, and audits mfa.verified. */
export async function recordMfaVerification(req: Request, ctx: Pick<AppContext, 'audit' | 'clock'>, method: MfaMethod, details: Record<string, string | number | boolean | undefined> = {}): Promise<void> {
  req.session.mfaVerifiedAt = ctx.clock().getTime();
  req.session.mfaMethod = method;
  await saveSession(req);
  const identity = currentIdentity(req);
  ctx.audit.record({
    event: 'mfa.verified',
    outcome: 'success',
    actor: identity ? { username: identity.username, source: identity.source } : undefined,
    client: clientInfo(req),
    details: { method, ...details },
  });
}

/** Whether this session passed a second-factor check in the last `maxAgeSeconds`. */
export function mfaVerifiedWithin(req: Request, ctx: Pick<AppContext, 'clock'>, maxAgeSeconds: number): boolean {
  const at = req.session?.mfaVerifiedAt;
  if (at === undefined) return false;
  const age = ctx.clock().getTime() - at;
  return age >= 0 && age <= maxAgeSeconds * 1000;
}

export async function personHasFactor(ctx: Pick<AppContext, 'storage'>, identity: Identity): Promise<boolean> {
  return (await ctx.storage.factors.count(personOf(identity))) > 0;
}
