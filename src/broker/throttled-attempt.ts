// The door every typed secret goes through: an attempt the throttle holds back is answered 429 with
// Retry-After before any check runs, whatever was typed (so a right password tells nothing), audited
// as login.throttled once per key and window and only counted after that.
import type { Request } from 'express';
import { RoleportError } from '../errors.ts';
import { loginThrottled } from '../metrics.ts';
import { clientInfo } from './client-info.ts';
import type { AppContext } from './context.ts';
import type { Attempt, ThrottleSubject } from './login-throttle.ts';

export type ThrottledAttemptOptions = {
  actor: { username?: string; source?: string };
  /** What failed too often, in the message: 'sign-ins', 'checks'. */
  what: string;
  details?: Record<string, string | number | boolean | undefined>;
};

function inWords(seconds: number): string {
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export async function beginThrottledAttempt(req: Request, ctx: Pick<AppContext, 'audit' | 'loginThrottle'>, subject: ThrottleSubject, options: ThrottledAttemptOptions): Promise<Attempt> {
  const admission = await ctx.loginThrottle.begin(subject);
  if (admission.admitted) return admission.attempt;
  const seconds = Math.max(1, Math.ceil(Math.max(...admission.holds.map((hold) => hold.retryAfterMs)) / 1000));
  const reason = `too many failed ${options.what}`;
  for (const hold of admission.holds) {
    loginThrottled.inc({ rule: hold.rule });
    if (hold.first)
      ctx.audit.record({ event: 'login.throttled', outcome: 'refused', actor: options.actor, client: clientInfo(req), reason, details: { ...options.details, rule: hold.rule, retryAfter: Math.ceil(hold.retryAfterMs / 1000) } });
  }
  req.res?.set('Retry-After', String(seconds));
  throw new RoleportError({ status: 429, code: 'too_many_attempts', message: `${reason}; try again in ${inWords(seconds)}` });
}
