// SAML 2.0 service provider routes of each `saml` source <id>: /saml/<id>/metadata (SP metadata),
// /saml/<id>/login (SP-initiated sign-in), /saml/<id>/acs (responses, POST binding; protected by their
// signature, InResponseTo, the browser binding and the replay cache rather than a CSRF token), /saml/<id>/slo (single logout
// from the IdP, either direction) and /saml/<id>/logout (sign out here, then at the IdP).
import type { Request, Response } from 'express';
import { RoleportError, isRoleportError, notFound } from '../../errors.ts';
import { type Identity, type SamlSource, isSamlSource } from '../../identity/index.ts';
import { type AppContext, clientInfo, completeLogin, currentIdentity, type RouteModule, safeNextPath, signOut } from '../../broker/index.ts';
import { bindToBrowser, hasBindingCookie, isBoundToBrowser, unbindFromBrowser } from '../saml-browser-binding.ts';

function findSource(ctx: AppContext, id: string): SamlSource {
  const source = ctx.sources.find((s) => s.id === id);
  if (!isSamlSource(source)) throw notFound(`there is no SAML sign-in named '${id}'`);
  return source;
}

const originalQuery = (req: Request) => req.originalUrl.split('?')[1] ?? '';

async function startLogin(req: Request, res: Response, ctx: AppContext) {
  const source = findSource(ctx, String(req.params.id));
  const relayState = safeNextPath(req.query.next);
  // fresh=1 (from /mfa): the IdP authenticates the person again, so its second factor is new.
  const { url, requestId } = await source.loginUrl(relayState, { fresh: req.query.fresh === '1' });
  bindToBrowser(res, ctx, source, requestId, relayState);
  res.set('Cache-Control', 'no-store');
  res.redirect(302, url);
}

/** Audits a refused answer and throws it for the error page, with a way to start again. */
function refuseAnswer(req: Request, res: Response, ctx: AppContext, source: SamlSource, error: RoleportError, next: string): never {
  ctx.audit.record({
    event: 'login.failed',
    outcome: error.status >= 500 ? 'error' : 'refused',
    actor: { source: source.id },
    client: clientInfo(req),
    reason: error.message,
    details: { code: error.code },
  });
  res.set('Cache-Control', 'no-store');
  if (error.status >= 500) throw error;
  throw new RoleportError({
    status: error.status,
    code: error.code,
    message: error.message,
    detail: error.detail,
    cause: error,
    action: { href: `${source.loginPath}?next=${encodeURIComponent(next)}`, label: `Sign in with ${source.label} again` },
  });
}

/** The IdP's form once more, posted from Roleport's own page: same-site, so the Lax binding cookie comes along. */
function postAgainSameSite(res: Response, source: SamlSource, body: Record<string, unknown>) {
  res.set('Cache-Control', 'no-store');
  res.locals.identity = undefined;
  res.render('saml-post-again', {
    title: 'Signing you in',
    label: source.label,
    action: new URL(source.acsUrl).pathname,
    samlResponse: String(body.SAMLResponse),
    relayState: typeof body.RelayState === 'string' ? body.RelayState : undefined,
  });
}

async function assertionConsumer(req: Request, res: Response, ctx: AppContext) {
  const source = findSource(ctx, String(req.params.id));
  const body = (req.body ?? {}) as Record<string, unknown>;
  // RelayState is the page to return to: our own paths only, whatever the IdP sends.
  const next = safeNextPath(body.RelayState);
  // An answer to Roleport's own request counts only in the browser that started it (login CSRF);
  // checked before the answer itself, so a refusal here uses nothing up.
  const requestId = source.requestIdOf(body.SAMLResponse);
  if (requestId && !isBoundToBrowser(req, ctx, source, requestId, body.RelayState)) {
    if (body.postedAgain !== '1' && !hasBindingCookie(req, requestId)) return postAgainSameSite(res, source, body);
    refuseAnswer(req, res, ctx, source, new RoleportError({
      status: 401,
      code: 'saml_other_browser',
      message: `This sign-in answer from ${source.label} belongs to a sign-in started in another browser (or more than 10 minutes ago). Start the sign-in again here.`,
    }), next);
  }
  let identity: Identity;
  try {
    identity = await source.completeSignIn(body.SAMLResponse, ctx.clock());
  } catch (error) {
    if (!isRoleportError(error)) throw error;
    refuseAnswer(req, res, ctx, source, error, next);
  }
  if (requestId) unbindFromBrowser(res, ctx, source, requestId);
  await completeLogin(req, res, ctx, identity, next);
}

/** The IdP's SLO URL for this person's SAML session, when they signed in with SAML and the IdP has SLO. */
export async function samlLogoutUrl(ctx: AppContext, identity: Identity | undefined): Promise<string | undefined> {
  if (!identity) return undefined;
  const source = ctx.sources.find((s) => s.id === identity.source);
  if (!isSamlSource(source)) return undefined;
  return source.logoutUrl(identity, '/login?signedOut=1');
}

/**
 * Local sign-out (always), then on to the IdP's single logout when it has one, through a page that
 * moves on by itself (form-action in the CSP names no IdP, so a form's redirect could not go there).
 */
export async function samlSignOut(req: Request, res: Response, ctx: AppContext): Promise<void> {
  const identity = currentIdentity(req);
  let idpUrl: string | undefined;
  try {
    idpUrl = await samlLogoutUrl(ctx, identity);
  } catch (error) {
    ctx.logger.warn({ err: error, source: identity?.source }, 'SAML single logout request could not be built; signing out locally only');
  }
  await signOut(req, res, ctx);
  if (!idpUrl || !identity) return res.redirect(303, '/login?signedOut=1');
  res.locals.identity = undefined;
  res.locals.csrf = () => '';
  res.set('Cache-Control', 'no-store');
  res.set('Refresh', `0; url=${idpUrl}`);
  res.render('saml-signed-out', { title: 'Signed out', label: ctx.sources.find((s) => s.id === identity.source)?.label ?? identity.source, idpUrl });
}

async function singleLogout(req: Request, res: Response, ctx: AppContext) {
  const source = findSource(ctx, String(req.params.id));
  const message = await source.readLogoutMessage({
    query: req.query as Record<string, unknown>,
    originalQuery: originalQuery(req),
    body: req.method === 'POST' ? ((req.body ?? {}) as Record<string, unknown>) : {},
  });
  res.set('Cache-Control', 'no-store');
  if (message.kind === 'response') return res.redirect(303, '/login?signedOut=1');
  // The IdP ends the person's session: end ours when it is that person's session from this source.
  const identity = currentIdentity(req);
  const matches = identity !== undefined && identity.source === source.id && identity.subject === message.nameId;
  if (matches) await signOut(req, res, ctx);
  res.redirect(302, await message.answer(true));
}

async function metadata(req: Request, res: Response, ctx: AppContext) {
  const source = findSource(ctx, String(req.params.id));
  res.type('application/samlmetadata+xml').send(source.metadata());
}

export const samlRoutes: RouteModule = {
  name: 'saml',
  csrfExempt: [/^\/saml\/[^/]+\/acs$/, /^\/saml\/[^/]+\/slo$/],
  mount(router, ctx) {
    router.get('/saml/:id/metadata', (req, res) => metadata(req, res, ctx));
    router.get('/saml/:id/login', (req, res) => startLogin(req, res, ctx));
    router.post('/saml/:id/acs', (req, res) => assertionConsumer(req, res, ctx));
    router.get('/saml/:id/slo', (req, res) => singleLogout(req, res, ctx));
    router.post('/saml/:id/slo', (req, res) => singleLogout(req, res, ctx));
    router.post('/saml/:id/logout', (req, res) => samlSignOut(req, res, ctx));
  },
};
