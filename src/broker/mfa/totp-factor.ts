// TOTP as a factor: enrolment (a secret held, encrypted, in the session until the person proves
// their app has it) and verification (a code accepted once: its time step is claimed in storage).
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Identity } from '../../identity/index.ts';
import type { AppContext } from '../context.ts';
import { saveSession } from '../session.ts';
import { type CheckResult, throttledFactorCheck } from './factor-check.ts';
import { factorCipher } from './factor-cipher.ts';
import { auditMfa } from './mfa-audit.ts';
import { personOf, rememberPerson } from './person.ts';
import { matchTotp, newTotpSecret, readTotpCode, totpQrSvg, totpUri } from './totp.ts';
import { recordMfaVerification } from './verification.ts';

declare module 'express-session' {
  interface SessionData {
    /** A TOTP secret shown for enrolment and not yet confirmed (encrypted). */
    mfaPendingTotp?: { secret: string; startedAt: number };
  }
}

type Ctx = Pick<AppContext, 'audit' | 'clock' | 'config' | 'storage' | 'loginThrottle'>;

const PENDING_LIFETIME_MS = 10 * 60 * 1000;
const WRONG_CODE = 'that code is not right; check the time on your device and try the current code';

const pendingBinding = (identity: Identity) => `pending-totp\n${identity.source}\n${identity.subject}`;

/** The secret to show (the same one until it is confirmed or 10 minutes pass), as text and QR code. */
export async function startTotpEnrolment(req: Request, ctx: Ctx, identity: Identity): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const cipher = factorCipher(ctx);
  const now = ctx.clock().getTime();
  const pending = req.session.mfaPendingTotp;
  let secret: string;
  if (pending && now - pending.startedAt < PENDING_LIFETIME_MS) secret = cipher.decrypt(pending.secret, pendingBinding(identity));
  else {
    secret = await newTotpSecret();
    req.session.mfaPendingTotp = { secret: cipher.encrypt(secret, pendingBinding(identity)), startedAt: now };
    await saveSession(req);
  }
  const uri = await totpUri(secret, ctx.config.mfa.webauthn.rpName, identity.username);
  return { secret, uri, qrSvg: await totpQrSvg(uri) };
}

/** Confirms the pending secret with a code from the app; the factor is stored and counts as a verification. */
export async function confirmTotpEnrolment(req: Request, ctx: Ctx, identity: Identity, rawCode: unknown, name: string): Promise<void> {
  const cipher = factorCipher(ctx);
  const pending = req.session.mfaPendingTotp;
  const now = ctx.clock();
  const step = await throttledFactorCheck(req, ctx, identity, 'totp', async (): Promise<CheckResult<number>> => {
    if (!pending || now.getTime() - pending.startedAt >= PENDING_LIFETIME_MS) return { ok: false, reason: 'the setup has expired; scan the new code and try again' };
    const code = readTotpCode(rawCode);
    if (!code) return { ok: false, reason: 'enter the 6-digit code your app shows' };
    const matched = await matchTotp(cipher.decrypt(pending.secret, pendingBinding(identity)), code, now);
    return matched === undefined ? { ok: false, reason: WRONG_CODE } : { ok: true, value: matched };
  });
  const secret = cipher.decrypt(pending!.secret, pendingBinding(identity));
  const id = randomUUID();
  await ctx.storage.factors.add({ id, person: personOf(identity), kind: 'totp', name, createdAt: now.getTime(), lastUsedAt: now.getTime(), totp: { encryptedSecret: cipher.encrypt(secret, id), lastStep: step } });
  await rememberPerson(ctx.storage, identity, ctx.clock().getTime());
  req.session.mfaPendingTotp = undefined;
  auditMfa(req, ctx, identity, 'mfa.enrolled', 'success', { details: { method: 'totp', factor: name } });
  await recordMfaVerification(req, ctx, 'totp', { factor: name });
}

/** Checks a code against the person's TOTP factors; a code is accepted once. */
export async function verifyTotp(req: Request, ctx: Ctx, identity: Identity, rawCode: unknown): Promise<void> {
  const cipher = factorCipher(ctx);
  const person = personOf(identity);
  const now = ctx.clock();
  const name = await throttledFactorCheck(req, ctx, identity, 'totp', async (): Promise<CheckResult<string>> => {
    const code = readTotpCode(rawCode);
    if (!code) return { ok: false, reason: 'enter the 6-digit code your app shows' };
    const factors = (await ctx.storage.factors.list(person)).filter((f) => f.kind === 'totp' && f.totp);
    if (factors.length === 0) return { ok: false, reason: 'you have no authenticator app set up' };
    for (const factor of factors) {
      const step = await matchTotp(cipher.decrypt(factor.totp!.encryptedSecret, factor.id), code, now);
      if (step === undefined) continue;
      // A step at or before the last one accepted is a code seen already (replayed, or read over a shoulder).
      if (await ctx.storage.factors.claimTotpStep(person, factor.id, step, now.getTime())) return { ok: true, value: factor.name };
      return { ok: false, reason: 'that code was used already; wait for the next one' };
    }
    return { ok: false, reason: WRONG_CODE };
  });
  await recordMfaVerification(req, ctx, 'totp', { factor: name });
}
