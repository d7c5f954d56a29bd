// OpenID Connect sign-in: /oidc/<id>/login sends the browser to the provider (PKCE, state, nonce kept
// in the session); /oidc/<id>/callback checks the answer and signs the person in; /oidc/<id>/logout
// signs out here and, when the provider allows, there too.
import type { Request, Response } from 'express';
import { RoleportError, isRoleportError, notFound } from '../../errors.ts';
import { type Identity, type OidcSource, type PendingLogin, isOidcSource } from '../../identity/index.ts';
import { type AppContext, clientInfo, completeLogin, currentIdentity, type RouteModule, safeNextPath, signOut } from '../../broker/index.ts';

declare module 'express-session' {
  interface SessionData {
    /** OIDC sign-ins started in this browser and not yet answered (a few at most, 10 minutes each). */
    oidcPending?: PendingLogin[];
  }
}

const PENDING_LIFETIME_MS = 10 * 60_000;
const MAX_PENDING = 5;

function findSource(ctx: AppContext, id: string): OidcSource {
  const source = ctx.sources.find((s) => s.id === id);
  if (!isOidcSource(source)) throw notFound(`there is no OpenID Connect sign-in named '${id}'`);
  return source;
}

function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/** The provider's end-session URL for this person, when they signed in with OIDC and it has one. */
export async function oidcLogoutUrl(ctx: AppContext, identity: Identity | undefined): Promise<string | undefined> {
  if (!identity || identity.federation?.kind !== 'oidc') return undefined;
  const source = ctx.sources.find((s) => s.id === identity.source);
  if (!isOidcSource(source)) return undefined;
  return source.relyingParty.endSessionUrl(identity.federation.idToken);
}

async function startLogin(req: Request, res: Response, ctx: AppContext) {
  const source = findSource(ctx, String(req.params.id));
  const next = safeNextPath(req.query.next);
  const now = ctx.clock();
  // fresh=1 (from /mfa): max_age=0, so the provider authenticates the person again.
  const { url, pending } = await source.relyingParty.authorizationRequest(next, now, { fresh: req.query.fresh === '1' });
  const fresh = (req.session.oidcPending ?? []).filter((p) => now.getTime() - p.startedAt < PENDING_LIFETIME_MS);
  req.session.oidcPending = [...fresh, pending].slice(-MAX_PENDING);
  await saveSession(req);
  res.set('Cache-Control', 'no-store');
  res.redirect(302, url);
}

async function callback(req: Request, res: Response, ctx: AppContext) {
  const source = findSource(ctx, String(req.params.id));
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  const now = ctx.clock();
  const waiting = (req.session.oidcPending ?? []).filter((p) => p.source === source.id && now.getTime() - p.startedAt < PENDING_LIFETIME_MS);
  // The sign-in this answer is for; with an unknown state, the latest one, which the state check then refuses.
  const pending = waiting.find((p) => p.state === query.get('state')) ?? waiting.at(-1);
  if (pending) req.session.oidcPending = (req.session.oidcPending ?? []).filter((p) => p !== pending);

  const refuse = (error: RoleportError) => {
    ctx.audit.record({ event: 'login.failed', outcome: 'refused', actor: { source: source.id }, client: clientInfo(req), reason: error.message });
    res.status(error.status);
    res.set('Cache-Control', 'no-store');
    res.render('oidc-refused', {
      title: 'Sign-in refused',
      message: error.message,
      label: source.label,
      retry: `${source.loginPath}?next=${encodeURIComponent(pending?.next ?? '/')}`,
    });
  };

  if (!pending) {
    return refuse(new RoleportError({ status: 400, code: 'oidc_state_mismatch', message: 'This sign-in answer does not match a sign-in started in this browser (no sign-in is under way, or it took more than 10 minutes). Start the sign-in again.' }));
  }
  let identity: Identity;
  try {
    identity = await source.completeSignIn(query, pending, now);
  } catch (error) {
    if (!isRoleportError(error) || !error.expose) throw error;
    if (error.status >= 500) {
      // The provider could not be reached: the error page says so; the attempt is still on record.
      ctx.audit.record({ event: 'login.failed', outcome: 'error', actor: { source: source.id }, client: clientInfo(req), reason: error.message });
      throw error;
    }
    return refuse(error);
  }
  await completeLogin(req, res, ctx, identity, pending.next);
}

/**
 * After local sign-out: a page that moves on to the provider's end-session URL by itself (Refresh).
 * Not a redirect: browsers hold a form's redirects to CSP form-action, which names no provider.
 */
export function sendProviderLogout(res: Response, endSessionUrl: string, label: string): void {
  // The session is gone: this page shows no person and carries no CSRF token.
  res.locals.identity = undefined;
  res.locals.csrf = () => '';
  res.set('Cache-Control', 'no-store');
  res.set('Refresh', `0; url=${endSessionUrl}`);
  res.render('oidc-signed-out', { title: 'Signed out', label, endSessionUrl });
}

/**
 * Local sign-out (always), then, for a person signed in with OIDC whose provider has an end-session
 * endpoint, on to the provider; else to /login?signedOut=1. Any sign-out form (POST /logout too) can use it.
 */
export async function signOutWithProvider(req: Request, res: Response, ctx: AppContext): Promise<void> {
  const identity = currentIdentity(req);
  // Ask the provider first: local sign-out happens whatever it says.
  const providerUrl = await oidcLogoutUrl(ctx, identity).catch(() => undefined);
  await signOut(req, res, ctx);
  if (!providerUrl || !identity) return res.redirect(303, '/login?signedOut=1');
  sendProviderLogout(res, providerUrl, ctx.sources.find((s) => s.id === identity.source)?.label ?? identity.source);
}

export const oidcRoutes: RouteModule = {
  name: 'oidc',
  mount(router, ctx) {
    router.get('/oidc/:id/login', (req, res) => startLogin(req, res, ctx));
    router.get('/oidc/:id/callback', (req, res) => callback(req, res, ctx));
    router.post('/oidc/:id/logout', (req, res) => signOutWithProvider(req, res, ctx));
  },
};
