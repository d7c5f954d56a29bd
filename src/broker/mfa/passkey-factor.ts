// Passkeys and security keys (WebAuthn, @simplewebauthn/server). Each ceremony's challenge lives in
// the person's session and is taken out before it is checked: single-use, bound to that session.
// Signature counters are stored and must grow (a conditional UPDATE, safe across replicas).
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
// @simplewebauthn/server loads with the first ceremony, so a start without passkeys never loads it.
import type { AuthenticatorTransport, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { webauthnProblem, webauthnRelyingParty } from '../../config/index.ts';
import { RoleportError, badRequest } from '../../errors.ts';
import type { Identity } from '../../identity/index.ts';
import type { PersonKey } from '../../storage/index.ts';
import type { AppContext } from '../context.ts';
import { saveSession } from '../session.ts';
import { type CheckResult, throttledFactorCheck } from './factor-check.ts';
import { auditMfa } from './mfa-audit.ts';
import { personOf, rememberPerson } from './person.ts';
import { recordMfaVerification } from './verification.ts';

type Purpose = 'register' | 'authenticate';

declare module 'express-session' {
  interface SessionData {
    /** The WebAuthn challenge of the ceremony in progress, used at most once. */
    webauthnChallenge?: { challenge: string; purpose: 'register' | 'authenticate'; expiresAt: number };
  }
}

type Ctx = Pick<AppContext, 'audit' | 'clock' | 'config' | 'storage' | 'loginThrottle' | 'publicUrl'>;

const CEREMONY_MS = 5 * 60 * 1000;

export function relyingParty(ctx: Pick<AppContext, 'config' | 'publicUrl'>) {
  return webauthnRelyingParty(ctx.config.mfa, ctx.publicUrl);
}

/** Whether this Roleport can offer passkeys: a key for factor data and a relying party browsers accept. */
export function passkeysAvailable(ctx: Pick<AppContext, 'config' | 'publicUrl'>): boolean {
  return Boolean(ctx.config.mfa.encryptionKey) && webauthnProblem(relyingParty(ctx)) === undefined;
}

function assertPasskeys(ctx: Pick<AppContext, 'config' | 'publicUrl'>) {
  if (!passkeysAvailable(ctx)) throw new RoleportError({ status: 503, code: 'passkeys_unavailable', message: 'passkeys are not available on this Roleport', detail: webauthnProblem(relyingParty(ctx)) });
}

/** A stable, opaque user handle for the authenticator: never the username. */
function userHandle(person: PersonKey): Uint8Array<ArrayBuffer> {
  return bytes(createHash('sha256').update(`roleport\n${person.source}\n${person.subject}`).digest());
}

/** A Buffer as the plain Uint8Array the library's types ask for. */
function bytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer);
}

async function holdChallenge(req: Request, ctx: Ctx, challenge: string, purpose: Purpose) {
  req.session.webauthnChallenge = { challenge, purpose, expiresAt: ctx.clock().getTime() + CEREMONY_MS };
  await saveSession(req);
}

/** The challenge for `purpose`, removed from the session whatever happens next. */
async function takeChallenge(req: Request, ctx: Ctx, purpose: Purpose): Promise<string | undefined> {
  const held = req.session.webauthnChallenge;
  req.session.webauthnChallenge = undefined;
  await saveSession(req);
  if (!held || held.purpose !== purpose || held.expiresAt < ctx.clock().getTime()) return undefined;
  return held.challenge;
}

/** The browser's answer, from a form field holding its JSON. */
export function readWebauthnResponse(raw: unknown): { id: string } & Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' && raw.length <= 64 * 1024 ? JSON.parse(raw) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { id?: unknown }).id !== 'string') throw badRequest("the passkey's answer is missing or not readable; try again");
  return parsed as { id: string } & Record<string, unknown>;
}

async function webauthnFactors(ctx: Ctx, person: PersonKey) {
  return (await ctx.storage.factors.list(person)).filter((f) => f.kind === 'webauthn' && f.webauthn);
}

export async function passkeyRegistrationOptions(req: Request, ctx: Ctx, identity: Identity): Promise<PublicKeyCredentialCreationOptionsJSON> {
  assertPasskeys(ctx);
  const rp = relyingParty(ctx);
  const person = personOf(identity);
  const options = await (await import('@simplewebauthn/server')).generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpId,
    userName: identity.username,
    userDisplayName: identity.displayName,
    userID: userHandle(person),
    attestationType: 'none',
    excludeCredentials: (await webauthnFactors(ctx, person)).map((f) => ({ id: f.webauthn!.credentialId, transports: f.webauthn!.transports as AuthenticatorTransport[] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    timeout: CEREMONY_MS,
  });
  await holdChallenge(req, ctx, options.challenge, 'register');
  return options;
}

export async function confirmPasskeyRegistration(req: Request, ctx: Ctx, identity: Identity, response: Record<string, unknown>, name: string): Promise<void> {
  assertPasskeys(ctx);
  const rp = relyingParty(ctx);
  const challenge = await takeChallenge(req, ctx, 'register');
  const credential = await throttledFactorCheck(req, ctx, identity, 'webauthn', async () => {
    if (!challenge) return { ok: false, reason: 'the passkey request has expired or was used already; try again' } as const;
    try {
      const verified = await (await import('@simplewebauthn/server')).verifyRegistrationResponse({ response: response as never, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpId, requireUserVerification: false });
      if (!verified.verified || !verified.registrationInfo) return { ok: false, reason: 'the passkey could not be checked; try again' } as const;
      return { ok: true, value: verified.registrationInfo.credential } as const;
    } catch (error) {
      return { ok: false, reason: `the passkey could not be checked: ${(error as Error).message}` } as const;
    }
  });
  const now = ctx.clock().getTime();
  await ctx.storage.factors.add({
    id: randomUUID(),
    person: personOf(identity),
    kind: 'webauthn',
    name,
    createdAt: now,
    lastUsedAt: now,
    webauthn: { credentialId: credential.id, publicKey: Buffer.from(credential.publicKey).toString('base64url'), signCount: credential.counter, transports: credential.transports ?? [] },
  });
  await rememberPerson(ctx.storage, identity, ctx.clock().getTime());
  auditMfa(req, ctx, identity, 'mfa.enrolled', 'success', { details: { method: 'webauthn', factor: name } });
  await recordMfaVerification(req, ctx, 'webauthn', { factor: name });
}

export async function passkeyAuthenticationOptions(req: Request, ctx: Ctx, identity: Identity): Promise<PublicKeyCredentialRequestOptionsJSON> {
  assertPasskeys(ctx);
  const factors = await webauthnFactors(ctx, personOf(identity));
  if (factors.length === 0) throw new RoleportError({ status: 400, code: 'no_passkey', message: 'you have no passkey set up' });
  const options = await (await import('@simplewebauthn/server')).generateAuthenticationOptions({
    rpID: relyingParty(ctx).rpId,
    allowCredentials: factors.map((f) => ({ id: f.webauthn!.credentialId, transports: f.webauthn!.transports as AuthenticatorTransport[] })),
    userVerification: 'preferred',
    timeout: CEREMONY_MS,
  });
  await holdChallenge(req, ctx, options.challenge, 'authenticate');
  return options;
}

export async function verifyPasskey(req: Request, ctx: Ctx, identity: Identity, response: { id: string } & Record<string, unknown>): Promise<void> {
  assertPasskeys(ctx);
  const rp = relyingParty(ctx);
  const person = personOf(identity);
  const challenge = await takeChallenge(req, ctx, 'authenticate');
  const name = await throttledFactorCheck(req, ctx, identity, 'webauthn', async (): Promise<CheckResult<string>> => {
    if (!challenge) return { ok: false, reason: 'the passkey request has expired or was used already; try again' };
    const factor = (await webauthnFactors(ctx, person)).find((f) => f.webauthn!.credentialId === response.id);
    if (!factor) return { ok: false, reason: 'this passkey is not one of yours on Roleport' };
    const stored = factor.webauthn!;
    let newCounter: number;
    try {
      const verified = await (await import('@simplewebauthn/server')).verifyAuthenticationResponse({
        response: response as never,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpId,
        credential: { id: stored.credentialId, publicKey: bytes(Buffer.from(stored.publicKey, 'base64url')), counter: stored.signCount, transports: stored.transports as AuthenticatorTransport[] },
        requireUserVerification: false,
      });
      if (!verified.verified) return { ok: false, reason: 'the passkey could not be checked; try again' };
      newCounter = verified.authenticationInfo.newCounter;
    } catch (error) {
      return { ok: false, reason: `the passkey could not be checked: ${(error as Error).message}` };
    }
    // The library compares with the counter read above; the UPDATE makes it hold against a racing request too.
    if (!(await ctx.storage.factors.advanceSignCount(person, factor.id, newCounter, ctx.clock().getTime())))
      return { ok: false, reason: "this passkey's signature counter did not move forward: it may have been copied" };
    return { ok: true, value: factor.name };
  });
  await recordMfaVerification(req, ctx, 'webauthn', { factor: name });
}
