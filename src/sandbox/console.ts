// The sandbox console landing: after a federation login it shows who is signed in (the assumed-role
// ARN), the account, the destination and the Issuer, and says plainly that it is not AWS.
import type { Request, RequestHandler, Response } from 'express';
import { escapeHtml } from './html.ts';
import { isoSeconds } from './ids.ts';
import type { ConsoleSession, SandboxState } from './state.ts';
import { splitUrl } from './url-parts.ts';

export type ConsoleSite = {
  /** The router's absolute URL, no trailing slash (e.g. http://localhost:3000/sandbox). */
  baseUrl: string;
  /** `${baseUrl}/console`. */
  consoleUrl: string;
};

export const CONSOLE_COOKIE = 'roleport_sandbox_console';
const SESSION_PARAM = 'sandboxSession';

export function consoleSite(baseUrl: string): ConsoleSite {
  const base = new URL(baseUrl);
  const clean = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  return { baseUrl: clean, consoleUrl: `${clean}/console` };
}

/** Whether a login Destination is a page of this sandbox's console (same origin, under /console). */
export function consoleUrlAllows(site: ConsoleSite, destination: string): boolean {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    return false;
  }
  const consoleUrl = new URL(site.consoleUrl);
  if (url.origin !== consoleUrl.origin || url.username || url.password) return false;
  return url.pathname === consoleUrl.pathname || url.pathname.startsWith(`${consoleUrl.pathname}/`);
}

/**
 * The console session cookie, sent to the whole sandbox: the federation endpoint must see it to
 * refuse a sign-in into another account, and the logout to end it.
 */
export function consoleSessionCookie(site: ConsoleSite, id: string, maxAgeSeconds: number): string {
  const url = new URL(site.baseUrl);
  const secure = url.protocol === 'https:' ? '; Secure' : '';
  return `${CONSOLE_COOKIE}=${id}; Path=${url.pathname || '/'}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

/** The id in the browser's console session cookie, if any. */
export function consoleSessionId(req: Request): string | undefined {
  return cookieValue(req.headers.cookie, CONSOLE_COOKIE);
}

export function consoleHandler(state: SandboxState, site: ConsoleSite): RequestHandler {
  return (req, res) => {
    const now = state.clock().getTime();
    const { path, query } = splitUrl(req.originalUrl);
    const params = new URLSearchParams(query);
    const id = params.get(SESSION_PARAM) ?? consoleSessionId(req);
    const session = id ? state.consoleSessions.get(id, now) : undefined;
    params.delete(SESSION_PARAM);
    const rest = params.toString();
    const destination = `${new URL(site.baseUrl).origin}${path}${rest ? `?${rest}` : ''}`;
    if (!session)
      return sendPage(req, res, 401, 'Not signed in', `
<p class="notice">This is the Roleport sandbox, an offline stand-in for AWS. It is not AWS.</p>
<h1>Not signed in to the sandbox console</h1>
<p>No active sandbox console session: it has expired, or this browser has not signed in. Open the console again from Roleport.</p>
<p>Requested page: <code>${escapeHtml(destination)}</code></p>`);
    sendPage(req, res, 200, `${shortName(session)} · sandbox console`, signedInBody(session, destination));
  };
}

function shortName(session: ConsoleSession): string {
  const { claims } = session;
  if (claims.kind === 'assumed-role') return `${claims.roleName}/${claims.sessionName}`;
  return claims.arn.split(':').slice(5).join(':');
}

function signedInBody(session: ConsoleSession, destination: string): string {
  const { claims } = session;
  const issuer = session.issuer ? issuerHtml(session.issuer) : '<span>(none given)</span>';
  const tags = Object.entries(claims.tags ?? {});
  return `
<p class="notice">This is the Roleport sandbox, an offline stand-in for AWS. It is not AWS: no AWS account, service or resource is behind this page.</p>
<header class="identity"><span class="who">${escapeHtml(shortName(session))}</span> @ <span class="account">${escapeHtml(claims.account)}</span></header>
<h1>Signed in to the sandbox console</h1>${session.issuer && issuerUrl(session.issuer) ? `
<p><a class="back" href="${escapeHtml(issuerUrl(session.issuer))}">Back to Roleport</a></p>` : ''}
<dl>
  <dt>Signed in as</dt><dd><code class="arn">${escapeHtml(claims.arn)}</code></dd>
  <dt>Account</dt><dd>${escapeHtml(claims.account)}</dd>
  <dt>Destination</dt><dd><code>${escapeHtml(destination)}</code></dd>
  <dt>Issuer</dt><dd>${issuer}</dd>
  <dt>Console session expires</dt><dd><time datetime="${isoSeconds(new Date(session.expiresAt))}">${isoSeconds(new Date(session.expiresAt))}</time></dd>
  <dt>Credentials issued by</dt><dd>${escapeHtml(claims.issuedBy)}${claims.chained ? ' (role chaining)' : ''}</dd>${claims.sourceIdentity ? `
  <dt>Source identity</dt><dd>${escapeHtml(claims.sourceIdentity)}</dd>` : ''}${tags.length > 0 ? `
  <dt>Session tags</dt><dd>${tags.map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`).join(' ')}</dd>` : ''}
</dl>`;
}

/** The Issuer as a link target when it is an http(s) URL (Roleport's own address), else ''. */
function issuerUrl(issuer: string): string {
  try {
    const url = new URL(issuer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : '';
  } catch {
    return '';
  }
}

function issuerHtml(issuer: string): string {
  const url = issuerUrl(issuer);
  if (url) return `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(issuer)}</a>`;
  return `<span>${escapeHtml(issuer)}</span>`;
}

/** Sends one of the sandbox's pages: its own stylesheet, no script, never cached. */
export function sendPage(req: Request, res: Response, status: number, title: string, body: string): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  res.end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Roleport sandbox</title>
<link rel="stylesheet" href="${escapeHtml(`${req.baseUrl}/sandbox.css`)}">
</head>
<body class="sandbox">
<main>${body}
</main>
</body>
</html>
`);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
