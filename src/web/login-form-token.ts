// The login form's CSRF defence without a stored session (a signed double-submit cookie): GET /login
// puts a random, dated token signed with the session secret in an httpOnly cookie and the same token
// in the form; POST /login is accepted when the two agree and the signature holds. An anonymous
// visitor so costs no stored session (one is made only at a successful sign-in), and a flood of
// GET /login cannot grow the session store. Another site can neither read the cookie nor, without
// the secret, make one; over https its name is `__Host-`, so no sibling host can plant one either.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { HOST_COOKIE_PREFIX, servesHttps } from '../config/index.ts';
import { type AppContext, cookieFlags } from '../broker/index.ts';
import { cookieValue } from './cookies.ts';

/** How long a login form stays usable; an older one asks the person to reload it. */
const LIFETIME_MS = 2 * 3600_000;
/** Replicas' clocks may differ a little. */
const SKEW_MS = 60_000;
const NAME = 'roleport.login';

type Context = Pick<AppContext, 'config' | 'clock'>;

const cookieName = (ctx: Context) => (servesHttps(ctx.config.server.publicUrl) ? `${HOST_COOKIE_PREFIX}${NAME}` : NAME);

function sign(ctx: Context, nonce: string, issuedAt: string): string {
  return createHmac('sha256', ctx.config.session.secret.value).update(`login-form\0${nonce}\0${issuedAt}`).digest('base64url');
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The token of this browser's login cookie, when Roleport signed it and it has not expired. */
function cookieToken(req: Request, ctx: Context): string | undefined {
  const token = cookieValue(req, cookieName(ctx));
  const [nonce, issued, mac, ...rest] = token?.split('.') ?? [];
  if (!token || !nonce || !issued || !mac || rest.length > 0) return undefined;
  const age = ctx.clock().getTime() - Number(issued);
  if (!/^\d{1,15}$/.test(issued) || age < -SKEW_MS || age > LIFETIME_MS) return undefined;
  return same(mac, sign(ctx, nonce, issued)) ? token : undefined;
}

/** The token for the login form: the browser's own while it is valid, else a fresh one, set in its cookie. */
export function loginFormToken(req: Request, res: Response, ctx: Context): string {
  const kept = cookieToken(req, ctx);
  if (kept) return kept;
  const nonce = randomBytes(18).toString('base64url');
  const issued = String(ctx.clock().getTime());
  const token = `${nonce}.${issued}.${sign(ctx, nonce, issued)}`;
  res.cookie(cookieName(ctx), token, { ...cookieFlags(req, ctx.config), maxAge: LIFETIME_MS });
  return token;
}

/** Whether a posted form's `_csrf` is the token of this browser's valid login cookie. */
export function hasLoginFormToken(req: Request, ctx: Context): boolean {
  const expected = cookieToken(req, ctx);
  const given = (req.body as Record<string, unknown> | undefined)?._csrf;
  return expected !== undefined && typeof given === 'string' && same(given, expected);
}
