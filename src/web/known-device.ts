// The "known device" cookie: a browser where a person signed in with their password keeps, for
// login.throttle.knownDevice.lifetime, only the per-(username, address) rule of the sign-in throttle,
// so an attacker guessing that username from elsewhere cannot lock the person out. The cookie names
// the person (identity source and username) and when it was issued, HMAC-signed with the session
// secret; it is httpOnly and sent to /login only.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { type AppContext, foldUsername } from '../broker/index.ts';
import { servesHttps } from '../config/index.ts';
import type { Identity } from '../identity/index.ts';
import { cookieValue } from './cookies.ts';

const COOKIE = 'roleport.device';
const PATH = '/login';

type Claims = { source: string; username: string; issuedAt: number };

function signature(ctx: AppContext, payload: string): Buffer {
  return createHmac('sha256', ctx.config.session.secret.value).update(`known-device\0${payload}`).digest();
}

/** After a successful password sign-in: this browser is a known device of this person from now on. */
export function rememberKnownDevice(res: Response, ctx: AppContext, identity: Identity): void {
  const claims: Claims = { source: identity.source, username: identity.username, issuedAt: ctx.clock().getTime() };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const lifetime = ctx.config.login.throttle.knownDevice.lifetime * 1000;
  res.cookie(COOKIE, `${payload}.${signature(ctx, payload).toString('base64url')}`, { httpOnly: true, secure: servesHttps(ctx.publicUrl), sameSite: 'lax', path: PATH, maxAge: lifetime });
}

function readClaims(req: Request, ctx: AppContext): Claims | undefined {
  const [payload, mac, extra] = (cookieValue(req, COOKIE) ?? '').split('.');
  if (!payload || !mac || extra !== undefined) return undefined;
  const expected = signature(ctx, payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    return typeof claims.source === 'string' && typeof claims.username === 'string' && Number.isFinite(claims.issuedAt) ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** Whether this browser holds a valid, unexpired known-device cookie naming `username` of `source`. */
export function isKnownDevice(req: Request, ctx: AppContext, source: string, username: string): boolean {
  const claims = readClaims(req, ctx);
  if (!claims || claims.source !== source || foldUsername(claims.username) !== foldUsername(username)) return false;
  const age = ctx.clock().getTime() - claims.issuedAt;
  return age >= 0 && age < ctx.config.login.throttle.knownDevice.lifetime * 1000;
}
