// Ten one-time recovery codes per person: shown once, kept as keyed hashes, each usable once.
import { randomInt } from 'node:crypto';
import type { Request } from 'express';
import type { Identity } from '../../identity/index.ts';
import type { AppContext } from '../context.ts';
import { type CheckResult, throttledFactorCheck } from './factor-check.ts';
import { factorCipher } from './factor-cipher.ts';
import { auditMfa } from './mfa-audit.ts';
import { personOf } from './person.ts';
import { recordMfaVerification } from './verification.ts';

type Ctx = Pick<AppContext, 'audit' | 'clock' | 'config' | 'storage' | 'loginThrottle'>;

export const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: codes are read off paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normalise(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** A new set for the person (the old set stops working); the codes are returned to be shown once. */
export async function issueRecoveryCodes(ctx: Ctx, identity: Identity): Promise<string[]> {
  const cipher = factorCipher(ctx);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await ctx.storage.recoveryCodes.replace(personOf(identity), codes.map((code) => cipher.hash(normalise(code))), ctx.clock().getTime());
  return codes;
}

export async function useRecoveryCode(req: Request, ctx: Ctx, identity: Identity, raw: unknown): Promise<number> {
  const cipher = factorCipher(ctx);
  const person = personOf(identity);
  await throttledFactorCheck(req, ctx, identity, 'recovery', async (): Promise<CheckResult<true>> => {
    const code = typeof raw === 'string' ? normalise(raw) : '';
    if (!/^[a-z0-9]{10}$/.test(code)) return { ok: false, reason: 'enter one of your recovery codes, like abcde-23456' };
    const used = await ctx.storage.recoveryCodes.use(person, cipher.hash(code), ctx.clock().getTime());
    return used ? { ok: true, value: true } : { ok: false, reason: 'that recovery code is not right or was used already' };
  });
  const remaining = await ctx.storage.recoveryCodes.remaining(person);
  auditMfa(req, ctx, identity, 'mfa.recovery-used', 'success', { details: { remaining } });
  await recordMfaVerification(req, ctx, 'recovery', { remaining });
  return remaining;
}
