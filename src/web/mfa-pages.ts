// The second-factor pages shared by /mfa and /mfa/factors: enrolment (authenticator app secret and
// QR code, passkey button) and verification (code, passkey, recovery code).
import type { Request, Response } from 'express';
import {
  type AppContext,
  factorChangeBlock,
  passkeysAvailable,
  personOf,
  startTotpEnrolment,
} from '../broker/index.ts';
import { RoleportError } from '../errors.ts';
import type { Identity } from '../identity/index.ts';

type PageOptions = { next: string; status?: number; error?: string; reason?: string };

/** The enrolment page, or what the session needs first (a check with a factor, or a new sign-in). */
export async function renderEnrol(req: Request, res: Response, ctx: AppContext, identity: Identity, options: PageOptions & { first: boolean; returnTo: string }): Promise<void> {
  const block = await factorChangeBlock(req, ctx, identity, options.returnTo);
  if (block?.need === 'verify') return res.redirect(302, block.href);
  if (block) throw new RoleportError({ status: 403, code: 'sign_in_again', message: block.message, action: { href: block.href, label: 'Sign in again' } });
  const totp = await startTotpEnrolment(req, ctx, identity);
  res.status(options.status ?? 200);
  res.set('Cache-Control', 'no-store');
  res.render('mfa-enrol', {
    title: options.first ? 'Set up a second factor' : 'Add a factor',
    first: options.first,
    next: options.next,
    error: options.error,
    reason: options.reason,
    secret: totp.secret,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(totp.qrSvg).toString('base64')}`,
    passkeys: passkeysAvailable(ctx),
  });
}

export async function renderVerify(req: Request, res: Response, ctx: AppContext, identity: Identity, options: PageOptions & { recoveryOpen?: boolean }): Promise<void> {
  const factors = await ctx.storage.factors.list(personOf(identity));
  res.status(options.status ?? 200);
  res.set('Cache-Control', 'no-store');
  res.render('mfa-verify', {
    title: 'Confirm it is you',
    next: options.next,
    error: options.error,
    reason: options.reason,
    totp: factors.some((f) => f.kind === 'totp'),
    passkeys: passkeysAvailable(ctx) && factors.some((f) => f.kind === 'webauthn'),
    recoveryOpen: options.recoveryOpen,
  });
}

/** A refused check shown on the page it came from; anything else goes to the error handler. */
export function isShownOnPage(error: unknown): error is RoleportError {
  return error instanceof RoleportError && (error.code === 'mfa_failed' || error.status === 429);
}
