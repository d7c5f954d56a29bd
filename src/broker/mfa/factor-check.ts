// Every factor check (a code, a passkey, a recovery code) goes through the sign-in throttle under
// the key mfa:<person>: a wrong answer counts, a right one clears the person's count.
import type { Request } from 'express';
import { RoleportError } from '../../errors.ts';
import type { Identity } from '../../identity/index.ts';
import type { AppContext } from '../context.ts';
import { auditMfa } from './mfa-audit.ts';
import { mfaThrottleKey, personOf } from './person.ts';

export type CheckResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export async function throttledFactorCheck<T>(
  req: Request,
  ctx: Pick<AppContext, 'audit' | 'loginThrottle'>,
  identity: Identity,
  method: string,
  check: () => Promise<CheckResult<T>>,
): Promise<T> {
  const key = mfaThrottleKey(personOf(identity));
  try {
    await ctx.loginThrottle.assertAllowed(key, req.ip);
  } catch (error) {
    auditMfa(req, ctx, identity, 'mfa.failed', 'refused', { reason: 'too many failed checks', details: { method } });
    throw error;
  }
  const result = await check();
  if (!result.ok) {
    await ctx.loginThrottle.recordFailure(key, req.ip);
    auditMfa(req, ctx, identity, 'mfa.failed', 'refused', { reason: result.reason, details: { method } });
    throw new RoleportError({ status: 401, code: 'mfa_failed', message: result.reason });
  }
  await ctx.loginThrottle.recordSuccess(key);
  return result.value;
}
