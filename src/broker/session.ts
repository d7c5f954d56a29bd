// The signed-in person's session: who they are, since when; sign-in and sign-out.
import type { NextFunction, Request, Response } from 'express';
import { type RoleportConfig, servesHttps } from '../config/index.ts';
import { type Identity, type StoredIdentity, restoreIdentity, storeIdentity } from '../identity/index.ts';
import { clientInfo } from './client-info.ts';
import type { AppContext } from './context.ts';
import { safeNextPath } from './safe-next-path.ts';

declare module 'express-session' {
  interface SessionData {
    identity?: StoredIdentity;
    /** Epoch ms of sign-in: the absolute timeout counts from here. */
    signedInAt?: number;
    /** Epoch ms this session was last seen (written back at most once a minute). */
    lastSeenAt?: number;
    /** Where it signed in from, for the person's list of sessions. */
    ip?: string;
    userAgent?: string;
  }
}

/** The session cookie's flags: httpOnly, Lax, Path=/ and no Domain; Secure always when Roleport is served over https. */
export function sessionCookieOptions(config: RoleportConfig): { httpOnly: true; sameSite: 'lax'; secure: boolean | 'auto'; path: '/' } {
  return { httpOnly: true, sameSite: 'lax', secure: servesHttps(config.server.publicUrl) ? true : 'auto', path: '/' };
}

/** The same flags for `res.cookie` (which knows no 'auto'): Secure over https or on a secure request. */
export function cookieFlags(req: Request, config: RoleportConfig): { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/' } {
  const { secure, ...flags } = sessionCookieOptions(config);
  return { ...flags, secure: secure === true || req.secure };
}

export function currentIdentity(req: Request): Identity | undefined {
  const stored = req.session?.identity;
  return stored ? restoreIdentity(stored) : undefined;
}

/** Sends a signed-out visitor to the login page, remembering where they were going. */
export function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (req.session?.identity) return next();
  if (req.path.startsWith('/api/')) {
    res.status(401).json({ error: { code: 'sign_in_required', message: 'sign in first' } });
    return;
  }
  res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));
}

/** A new session (never the one from before sign-in) holding the identity; then on to `next`. */
export async function completeLogin(req: Request, res: Response, ctx: AppContext, identity: Identity, next?: string): Promise<void> {
  await regenerate(req);
  req.session.identity = storeIdentity(identity);
  req.session.signedInAt = ctx.clock().getTime();
  await ctx.browserSessions.seen(req);
  // An identity provider's second factor (as the source's mfa settings count it) is a verification
  // made when the person authenticated there, not when they came back.
  if (identity.mfa) {
    req.session.mfaVerifiedAt = Math.min(identity.authTime.getTime(), ctx.clock().getTime());
    req.session.mfaMethod = 'idp';
  }
  await saveSession(req);
  ctx.audit.record({
    event: 'login.succeeded',
    outcome: 'success',
    actor: { username: identity.username, source: identity.source },
    client: clientInfo(req),
    details: { groups: identity.groups.length, mfa: identity.mfa },
  });
  res.redirect(303, safeNextPath(next));
}

/** Local sign-out: always works, whatever any identity provider says. */
export async function signOut(req: Request, res: Response, ctx: AppContext): Promise<void> {
  const identity = currentIdentity(req);
  if (identity) {
    ctx.audit.record({ event: 'logout.succeeded', outcome: 'success', actor: { username: identity.username, source: identity.source }, client: clientInfo(req) });
    await ctx.browserSessions.forget({ source: identity.source, username: identity.username }, req.sessionID);
  }
  await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
  // Cleared with the flags it was set with: browsers ignore a `__Host-` cookie sent without Secure.
  res.clearCookie(ctx.config.session.cookieName, cookieFlags(req, ctx.config));
}

/**
 * Ends sessions past the absolute timeout, whatever their activity; earlier when the identity provider
 * said the sign-in ends sooner (SAML SessionNotOnOrAfter), or at session.recheckAfter when the source
 * cannot look the person up again (LDAP without a service account).
 */
export function enforceAbsoluteTimeout(ctx: AppContext) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const since = req.session?.signedInAt;
    if (since !== undefined && sessionEnded(ctx, since, req.session.identity)) {
      req.session.identity = undefined;
      req.session.signedInAt = undefined;
    }
    next();
  };
}

function sessionEnded(ctx: Pick<AppContext, 'clock' | 'config' | 'sources'>, since: number, identity: StoredIdentity | undefined): boolean {
  const now = ctx.clock().getTime();
  if (now - since > ctx.config.session.absoluteTimeout * 1000) return true;
  if (identity?.sessionEndsAt && now >= Date.parse(identity.sessionEndsAt)) return true;
  const source = identity ? ctx.sources.find((candidate) => candidate.id === identity.source) : undefined;
  return source?.kind === 'password' && !source.directory && now - since > ctx.config.session.recheckAfter * 1000;
}
