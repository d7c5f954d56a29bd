// Every factor check (a code, a passkey, a recovery code) goes through the sign-in throttle under
// the name mfa:<person>: counted before the check, a wrong answer stays counted, a right one is given back.
import type { Request } from 'express';
import { RoleportError } from '../../errors.ts';
import { beginThrottledAttempt } from '../throttled-attempt.ts';
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
  const actor = { username: identity.username, source: identity.source };
  const attempt = await beginThrottledAttempt(req, ctx, { name: mfaThrottleKey(personOf(identity)), address: req.ip }, { actor, what: 'checks', details: { method } });
  let result: CheckResult<T>;
  try {
    result = await check();
  } catch (error) {
    await attempt.undecided();
    throw error;
  }
  if (!result.ok) {
    auditMfa(req, ctx, identity, 'mfa.failed', 'refused', { reason: result.reason, details: { method } });
    throw new RoleportError({ status: 401, code: 'mfa_failed', message: result.reason });
  }
  await attempt.succeeded();
  return result.value;
}
