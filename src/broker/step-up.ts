// Step-up: a role that needs MFA opens only for a caller whose last second-factor verification is
// younger than the door allows (mfa.maxAge in the browser, mfa.tokenMaxAge through a CLI token).
// One check, called by the entitlement check of the pages and by audited issuance for every door.
import type { Request } from 'express';
import type { Entitlement } from '../access/index.ts';
import { type MfaMethod, formatDuration } from '../config/index.ts';
import { RoleportError } from '../errors.ts';
import type { AppContext } from './context.ts';

/** A caller's last verification, and how old it may be at this door. */
export type StepUp = { verifiedAt?: number; method?: MfaMethod; maxAge: number; door: 'browser' | 'token' };

/** The step-up state of the browser session. */
export function sessionStepUp(req: Request, ctx: Pick<AppContext, 'config'>): StepUp {
  return { verifiedAt: req.session?.mfaVerifiedAt, method: req.session?.mfaMethod, maxAge: ctx.config.mfa.maxAge, door: 'browser' };
}

/** Whether the step-up is fresh enough for this entitlement (always, for roles that need no MFA). */
export function steppedUp(entitlement: Entitlement, stepUp: StepUp, now: Date): boolean {
  if (!entitlement.mfaRequired) return true;
  if (stepUp.method === undefined || stepUp.verifiedAt === undefined) return false;
  const age = now.getTime() - stepUp.verifiedAt;
  return age >= 0 && age <= stepUp.maxAge * 1000;
}

/** The page that verifies a second factor and then continues to `next`. */
export function stepUpPath(next: string): string {
  return `/mfa?next=${encodeURIComponent(next)}`;
}

/**
 * Throws 403 mfa_required unless the step-up is fresh enough. In the browser the error carries the
 * step-up page (with `next`) as its action, which the web room follows as a redirect.
 */
export function assertSteppedUp(entitlement: Entitlement, stepUp: StepUp, now: Date, next?: string): void {
  if (steppedUp(entitlement, stepUp, now)) return;
  const key = entitlement.role.key;
  const age = formatDuration(stepUp.maxAge);
  throw new RoleportError({
    status: 403,
    code: 'mfa_required',
    message: stepUp.door === 'token'
      ? `${key} needs a second factor verified within ${age} on the approval page of this command-line sign-in; run roleport login and verify it there`
      : `${key} needs a second factor verified within the last ${age}`,
    detail: entitlement.mfaRequired?.reasons.join('; '),
    action: next !== undefined ? { href: stepUpPath(next), label: 'Verify your second factor' } : undefined,
  });
}

/** Where to continue after step-up for a page request: the page itself, or for a form post the page that shows the form. */
export function stepUpNext(req: Request): string {
  if (req.method === 'GET') return req.originalUrl;
  // /keys/<a>/<r>/download and /console/<a>/<r> posts go back to /keys/<a>/<r> and /console/<a>/<r>.
  return req.path.split('/').slice(0, 4).join('/');
}
