// Sign-out that also reaches the identity provider (OIDC RP-initiated logout, SAML single logout),
// chosen by the type of the source the person signed in through. Local sign-out always happens.
import type { Request, Response } from 'express';
import { type AppContext, clientInfo, currentIdentity, endCliTokensOf, signOut } from '../broker/index.ts';
import { signOutWithProvider as oidcSignOut } from './routes/oidc.ts';
import { samlSignOut } from './routes/saml.ts';

type ProviderSignOut = (req: Request, res: Response, ctx: AppContext) => Promise<void>;

const BY_SOURCE_TYPE: Record<string, ProviderSignOut> = {
  oidc: oidcSignOut,
  saml: samlSignOut,
};

/** `end_cli_tokens=1` in the form (the sign-out page's checkbox) ends the person's CLI tokens as well. */
export async function signOutEverywhere(req: Request, res: Response, ctx: AppContext): Promise<void> {
  const identity = currentIdentity(req);
  const form = (req.body ?? {}) as Record<string, unknown>;
  if (identity && form.end_cli_tokens === '1') await endCliTokensOf(ctx, identity, clientInfo(req));
  const type = identity ? ctx.sources.find((source) => source.id === identity.source)?.type : undefined;
  const providerSignOut = type ? BY_SOURCE_TYPE[type] : undefined;
  if (providerSignOut) return providerSignOut(req, res, ctx);
  await signOut(req, res, ctx);
  res.redirect(303, '/login?signedOut=1');
}
