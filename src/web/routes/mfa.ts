// /mfa?next=<path>: a second-factor check before going on to `next` (only ever a path of
// Roleport's, see safeNextPath). A person without a factor sets one up here, which counts as the check.
import {
  AFTER_IDP_REAUTH,
  type AppContext,
  currentIdentity,
  idpReauthPath,
  mfaVerifiedWithin,
  passkeyAuthenticationOptions,
  personHasFactor,
  readWebauthnResponse,
  requireSignIn,
  type RouteModule,
  safeNextPath,
  useRecoveryCode,
  verifyPasskey,
  verifyTotp,
} from '../../broker/index.ts';
import { isShownOnPage, renderEnrol, renderVerify } from '../mfa-pages.ts';
import type { Request, Response } from 'express';

function nextOf(req: Request): string {
  return safeNextPath((req.body as Record<string, unknown> | undefined)?.next ?? req.query.next);
}

async function showMfa(req: Request, res: Response, ctx: AppContext) {
  const identity = currentIdentity(req)!;
  const next = nextOf(req);
  if (await personHasFactor(ctx, identity)) return renderVerify(req, res, ctx, identity, { next });
  // Back from a fresh sign-in at the identity provider: on if it counted a second factor this time.
  const afterIdp = req.query.after === AFTER_IDP_REAUTH;
  if (afterIdp && mfaVerifiedWithin(req, ctx, ctx.config.mfa.maxAge)) return res.redirect(303, next);
  const reauth = afterIdp ? undefined : idpReauthPath(ctx.sources, identity, next);
  if (reauth) return res.redirect(303, reauth);
  return renderEnrol(req, res, ctx, identity, {
    next,
    first: true,
    returnTo: `/mfa?next=${encodeURIComponent(next)}`,
    reason: afterIdp ? 'Your identity provider did not report a second factor for this sign-in. Set one up here instead.' : undefined,
  });
}

/** Runs a factor check from a form; on success on to `next`, else the page again with the reason. */
function checkThen(ctx: AppContext, check: (req: Request, identity: NonNullable<ReturnType<typeof currentIdentity>>) => Promise<unknown>, recovery = false) {
  return async (req: Request, res: Response) => {
    const identity = currentIdentity(req)!;
    const next = nextOf(req);
    try {
      await check(req, identity);
    } catch (error) {
      if (!isShownOnPage(error)) throw error;
      return renderVerify(req, res, ctx, identity, { next, status: error.status, error: error.message, recoveryOpen: recovery });
    }
    res.redirect(303, next);
  };
}

export const mfaRoutes: RouteModule = {
  name: 'mfa',
  mount(router, ctx) {
    router.get('/mfa', requireSignIn, (req, res) => showMfa(req, res, ctx));
    router.post('/mfa/totp', requireSignIn, checkThen(ctx, (req, identity) => verifyTotp(req, ctx, identity, req.body?.code)));
    router.post('/mfa/recovery', requireSignIn, checkThen(ctx, (req, identity) => useRecoveryCode(req, ctx, identity, req.body?.code), true));
    // Passkeys: the page's script fetches the options (JSON), then posts the authenticator's answer.
    router.post('/mfa/passkey/options', requireSignIn, async (req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(await passkeyAuthenticationOptions(req, ctx, currentIdentity(req)!));
    });
    router.post('/mfa/passkey', requireSignIn, checkThen(ctx, (req, identity) => verifyPasskey(req, ctx, identity, readWebauthnResponse(req.body?.response))));
  },
};
