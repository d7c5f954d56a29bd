// The console federation endpoint (aws-federation-facts §1): getSigninToken turns temporary
// credentials into a 15-minute single-use sign-in token; login trades it for a console session.
import express, { type Request, type RequestHandler, type Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type ConsoleSite, consoleSessionCookie, consoleSessionId as consoleSessionIdOf, consoleUrlAllows, sendPage } from './console.ts';
import { escapeHtml } from './html.ts';
import { deniedByRolePolicies } from './role-denials.ts';
import { callerFromSession } from './sts/caller.ts';
import type { RequestFacts } from './sts/trust-context.ts';
import type { SandboxState, SessionClaims } from './state.ts';
import { splitUrl } from './url-parts.ts';

const SIGNIN_TOKEN_LIFETIME_MS = 15 * 60_000;
const MAX_CONSOLE_SESSION = 43200;
const readForm = express.urlencoded({ extended: false, limit: '64kb' });

export function federationHandler(state: SandboxState, site: ConsoleSite): RequestHandler {
  return (req, res, next) => {
    readForm(req, res, (error?: unknown) => {
      if (error) return next(error);
      const params = new URLSearchParams(splitUrl(req.originalUrl).query);
      if (req.method === 'POST' && req.body && typeof req.body === 'object')
        for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) if (typeof value === 'string' && !params.has(key)) params.set(key, value);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Date', state.clock().toUTCString());
      const action = params.get('Action');
      if (action === 'getSigninToken') return getSigninToken(state, params, req, res);
      if (action === 'login') return login(state, site, params, req, res);
      res.status(400).type('text/plain').send(`Invalid Action parameter${action ? `: ${action}` : ''}; expected getSigninToken or login\n`);
    });
  };
}

/**
 * A console session may do whatever its role allows; a session whose role's inline policies deny every
 * action (`*` on `*`, as AWSRevokeOlderSessions does) could do nothing there, so the sandbox refuses it.
 */
function consoleDenied(state: SandboxState, claims: SessionClaims, req: Request): boolean {
  const facts: RequestFacts = { now: state.clock(), sourceIp: req.ip ?? req.socket.remoteAddress, secureTransport: req.secure };
  return deniedByRolePolicies(state, callerFromSession(claims), '*', '*', facts);
}

const REVOKED = 'The inline policies of this session\'s role deny it every action (as when the role\'s older sessions are revoked): get new credentials and sign in again.';

function getSigninToken(state: SandboxState, params: URLSearchParams, req: Request, res: Response): void {
  const now = state.clock();
  const refuse = (message: string) => {
    res.status(400).type('text/plain').send(`${message}\n`);
  };
  let session: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
  try {
    session = JSON.parse(params.get('Session') ?? '') as typeof session;
  } catch {
    return refuse('Invalid credentials parameter');
  }
  if (!session || typeof session !== 'object') return refuse('Invalid credentials parameter');
  const { sessionId, sessionKey, sessionToken } = session;
  if (typeof sessionId !== 'string' || typeof sessionKey !== 'string' || typeof sessionToken !== 'string') return refuse('Invalid credentials parameter');
  const verdict = state.sessions.verify(sessionId, sessionToken, now);
  if (!verdict.ok) return refuse('Invalid credentials parameter');
  const expectedKey = Buffer.from(state.sessions.secretFor(sessionId));
  const givenKey = Buffer.from(sessionKey);
  if (expectedKey.length !== givenKey.length || !timingSafeEqual(expectedKey, givenKey)) return refuse('Invalid credentials parameter');
  const { claims } = verdict;
  if (claims.console === 'none') return refuse('Invalid credentials parameter');
  if (consoleDenied(state, claims, req)) return void res.status(403).type('text/plain').send(`${REVOKED}\n`);

  const nowSeconds = Math.floor(now.getTime() / 1000);
  let consoleExpiresAt = Math.min(claims.expiresAt, nowSeconds + MAX_CONSOLE_SESSION);
  const requested = params.get('SessionDuration');
  if (requested !== null) {
    // AWS refuses SessionDuration for role-chained and GetFederationToken credentials.
    if (claims.console !== 'session-duration') return refuse('Invalid credentials parameter');
    if (!/^\d+$/.test(requested) || Number(requested) < 900 || Number(requested) > MAX_CONSOLE_SESSION)
      return refuse('Invalid SessionDuration parameter: expected a whole number of seconds from 900 to 43200');
    consoleExpiresAt = nowSeconds + Number(requested);
  }
  const token = randomBytes(32).toString('base64url');
  state.signinTokens.set(token, { claims, consoleExpiresAt }, now.getTime() + SIGNIN_TOKEN_LIFETIME_MS, now.getTime());
  res.status(200).type('application/json').send(JSON.stringify({ SigninToken: token }));
}

function login(state: SandboxState, site: ConsoleSite, params: URLSearchParams, req: Request, res: Response): void {
  const now = state.clock();
  const destination = params.get('Destination') ?? '';
  if (!consoleUrlAllows(site, destination))
    return errorPage(req, res, 400, 'Invalid destination', `The Destination must be a page of the sandbox console, under ${site.consoleUrl}.`);
  const grant = params.get('SigninToken') ? state.signinTokens.take(params.get('SigninToken') as string, now.getTime()) : undefined;
  if (!grant)
    return errorPage(req, res, 400, 'Sign-in link not valid', 'This sign-in link has expired, was already used, or was never issued. Sign-in links last 15 minutes and work once: go back to Roleport and open the console again.');
  if (consoleDenied(state, grant.claims, req)) return errorPage(req, res, 403, 'Access denied', REVOKED);
  // AWS keeps one console session per browser: signing in to another account while one is open is
  // refused until the person logs out (the Issuer's logout, or /oauth?Action=logout).
  const open = consoleSessionIdOf(req);
  const current = open ? state.consoleSessions.get(open, now.getTime()) : undefined;
  if (current && current.claims.account !== grant.claims.account)
    return errorPage(req, res, 409, 'Log out first', `You must first log out before logging into a different AWS account. This browser is signed in to the sandbox console of account ${current.claims.account}; to switch to ${grant.claims.account}, sign out of the console (${site.baseUrl}/oauth?Action=logout) and open the new console link again.`);
  if (open) state.consoleSessions.take(open, now.getTime());
  const issuer = params.get('Issuer') ?? undefined;
  const expiresAt = grant.consoleExpiresAt * 1000;
  const id = randomBytes(24).toString('base64url');
  state.consoleSessions.set(id, { claims: grant.claims, expiresAt, issuer }, expiresAt, now.getTime());
  res.setHeader('Set-Cookie', consoleSessionCookie(site, id, Math.max(0, Math.floor((expiresAt - now.getTime()) / 1000))));
  const target = new URL(destination);
  target.searchParams.set('sandboxSession', id);
  res.redirect(302, target.toString());
}

function errorPage(req: Request, res: Response, status: number, title: string, message: string): void {
  sendPage(req, res, status, title, `
<p class="notice">This is the Roleport sandbox, an offline stand-in for AWS. It is not AWS.</p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>`);
}

/**
 * AWS's console logout as the sandbox serves it (`/oauth?Action=logout&redirect_uri=...`): ends this
 * browser's console session, then goes to `redirect_uri` when it is one of the sandbox's own URLs.
 */
export function logoutHandler(state: SandboxState, site: ConsoleSite): RequestHandler {
  return (req, res) => {
    const params = new URLSearchParams(splitUrl(req.originalUrl).query);
    res.setHeader('Cache-Control', 'no-store');
    if (params.get('Action') !== 'logout') return errorPage(req, res, 400, 'Invalid request', 'Expected Action=logout.');
    const redirect = params.get('redirect_uri');
    if (redirect !== null && !isSandboxUrl(site, redirect))
      return errorPage(req, res, 400, 'Invalid redirect_uri', `The sandbox's logout returns only to its own pages, under ${site.baseUrl}/.`);
    const id = consoleSessionIdOf(req);
    if (id) state.consoleSessions.take(id, state.clock().getTime());
    res.setHeader('Set-Cookie', consoleSessionCookie(site, '', 0));
    if (redirect !== null) return res.redirect(302, new URL(redirect).href);
    errorPage(req, res, 200, 'Signed out', 'You are signed out of the sandbox console.');
  };
}

function isSandboxUrl(site: ConsoleSite, candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  const base = new URL(site.baseUrl);
  const path = base.pathname.replace(/\/$/, '');
  return url.origin === base.origin && !url.username && !url.password && (path === '' || url.pathname === path || url.pathname.startsWith(`${path}/`));
}
