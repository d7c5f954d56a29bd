// Ties each SP-initiated SAML sign-in to the browser that started it, against login CSRF: without it
// an attacker posts their own valid answer into a victim's browser and signs the victim in as the
// attacker. /saml/<id>/login sets a short-lived cookie, named by the AuthnRequest's ID, holding an
// HMAC (keyed by the session secret) of that ID and the RelayState; the ACS accepts an answer to that
// request only with the matching cookie.
//
// Why a cookie of its own and not the session: the IdP's POST to the ACS is cross-site, so the
// SameSite=Lax session cookie does not come with it. Over https the binding cookie is
// `SameSite=None; Secure` and does. Browsers refuse SameSite=None without Secure, so over plain http
// it is Lax: the ACS then answers the cross-site POST with a page that posts the same form again from
// Roleport's own origin (same-site, so the Lax cookie arrives), once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppContext } from '../broker/index.ts';
import type { SamlSource } from '../identity/index.ts';
import { cookieValue } from './cookies.ts';

/** As long as Roleport waits for an answer to its request. */
const BINDING_LIFETIME_MS = 10 * 60_000;
const REQUEST_ID = /^[A-Za-z_][\w.-]{0,127}$/;

const cookieName = (requestId: string) => `roleport.saml.${requestId}`;
const acsPath = (source: SamlSource) => new URL(source.acsUrl).pathname;

function binding(ctx: AppContext, source: SamlSource, requestId: string, relayState: string): string {
  return createHmac('sha256', ctx.config.session.secret.value).update(`saml-browser-binding\0${source.id}\0${requestId}\0${relayState}`).digest('base64url');
}

function cookieOptions(ctx: AppContext, source: SamlSource) {
  const https = ctx.publicUrl.startsWith('https:');
  return { httpOnly: true, secure: https, sameSite: https ? ('none' as const) : ('lax' as const), path: acsPath(source) };
}

/** At /saml/<id>/login: remembers in this browser which request it started, and with which RelayState. */
export function bindToBrowser(res: Response, ctx: AppContext, source: SamlSource, requestId: string, relayState: string): void {
  res.cookie(cookieName(requestId), binding(ctx, source, requestId, relayState), { ...cookieOptions(ctx, source), maxAge: BINDING_LIFETIME_MS });
}

/** At the ACS: whether this browser started the request `requestId` with this RelayState. */
export function isBoundToBrowser(req: Request, ctx: AppContext, source: SamlSource, requestId: string, relayState: unknown): boolean {
  if (!REQUEST_ID.test(requestId) || typeof relayState !== 'string') return false;
  const presented = cookieValue(req, cookieName(requestId));
  if (!presented) return false;
  const expected = Buffer.from(binding(ctx, source, requestId, relayState));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether the binding cookie for `requestId` came with this request at all (else the POST may need to come again same-site). */
export function hasBindingCookie(req: Request, requestId: string): boolean {
  return REQUEST_ID.test(requestId) && cookieValue(req, cookieName(requestId)) !== undefined;
}

/** Once the answer is accepted, the browser forgets the request. */
export function unbindFromBrowser(res: Response, ctx: AppContext, source: SamlSource, requestId: string): void {
  if (REQUEST_ID.test(requestId)) res.clearCookie(cookieName(requestId), cookieOptions(ctx, source));
}
