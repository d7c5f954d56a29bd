// The login page, password sign-in and sign-out.
import type { Request, Response } from 'express';
import { DEMO_PASSWORD } from '../../config/index.ts';
import { RoleportError, isRoleportError } from '../../errors.ts';
import type { PasswordIdentitySource } from '../../identity/index.ts';
import { type AppContext, beginThrottledAttempt, clientInfo, completeLogin, currentIdentity, foldUsername, type RouteModule, safeNextPath, withinDeadline } from '../../broker/index.ts';
import { bookmarkDestination } from '../bookmark-destination.ts';
import { isKnownDevice, rememberKnownDevice } from '../known-device.ts';
import { loginFormToken } from '../login-form-token.ts';
import { signOutEverywhere } from '../provider-sign-out.ts';

const MAX_USERNAME = 256;
const MAX_PASSWORD = 1024;

type LoginForm = { username: string; password: string; source?: string; next?: string };

function readLoginForm(body: unknown): LoginForm {
  const form = (body ?? {}) as Record<string, unknown>;
  const text = (name: string, max: number) => {
    const value = form[name];
    if (value === undefined) return '';
    if (typeof value !== 'string') throw new RoleportError({ status: 400, code: 'bad_request', message: `the field '${name}' must be text` });
    if (value.length > max) throw new RoleportError({ status: 400, code: 'bad_request', message: `the field '${name}' is longer than ${max} characters` });
    return value;
  };
  return { username: text('username', MAX_USERNAME), password: text('password', MAX_PASSWORD), source: text('source', 64) || undefined, next: text('next', 2048) || undefined };
}

function passwordSources(ctx: AppContext): PasswordIdentitySource[] {
  return ctx.sources.filter((source): source is PasswordIdentitySource => source.kind === 'password');
}

function renderLogin(req: Request, res: Response, ctx: AppContext, options: { status?: number; error?: string; username?: string; next?: string; notice?: string } = {}) {
  const next = safeNextPath(options.next ?? req.query.next);
  const nextQuery = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  res.status(options.status ?? 200);
  res.set('Cache-Control', 'no-store');
  res.render('login', {
    title: 'Sign in',
    // Signed in (reauth=1), the session's own token; else the login cookie's, so that no session is stored.
    formToken: currentIdentity(req) ? (res.locals.csrf as () => string)() : loginFormToken(req, res, ctx),
    next,
    bookmark: bookmarkDestination(next),
    error: options.error,
    notice: options.notice,
    username: options.username ?? '',
    passwordSources: passwordSources(ctx).map((s) => ({ id: s.id, label: s.label })),
    redirectSources: ctx.sources.filter((s) => s.kind === 'redirect').map((s) => ({ id: s.id, label: s.label, href: `${s.kind === 'redirect' ? s.loginPath : ''}${nextQuery}` })),
    demoUsers: ctx.demo ? { names: ['alice', 'bob'], password: DEMO_PASSWORD } : undefined,
  });
}

async function postLogin(req: Request, res: Response, ctx: AppContext) {
  const form = readLoginForm(req.body);
  const sources = passwordSources(ctx);
  const source = form.source ? sources.find((s) => s.id === form.source) : sources.length === 1 ? sources[0] : undefined;
  if (!source) {
    return renderLogin(req, res, ctx, { status: 400, error: sources.length === 0 ? 'this Roleport has no password sign-in' : 'choose where to sign in', username: form.username, next: form.next });
  }
  const client = clientInfo(req);
  const actor = { username: form.username.slice(0, 128), source: source.id };
  const refuse = (reason: string) => ctx.audit.record({ event: 'login.failed', outcome: 'refused', actor, client, reason });
  try {
    // Counted before the check: parallel guesses cannot overtake the count.
    const subject = { name: passwordThrottleName(form.username), address: req.ip, knownDevice: isKnownDevice(req, ctx, source.id, form.username) };
    const attempt = await beginThrottledAttempt(req, ctx, subject, { actor, what: 'sign-ins' });
    const identity = await withinDeadline(source.authenticate(form.username, form.password), ctx.config.timeouts.operation, `the identity source '${source.label}'`).catch(async (error: unknown) => {
      // Only a wrong password is a failure; a directory that could not answer gives the attempt back.
      if (!isRoleportError(error) || error.status !== 401) await attempt.undecided();
      throw error;
    });
    await attempt.succeeded();
    rememberKnownDevice(res, ctx, identity);
    await completeLogin(req, res, ctx, identity, form.next);
  } catch (error) {
    if (!isRoleportError(error) || !error.expose) throw error;
    // Held back by the throttle: audited there once per window, not once per attempt.
    if (error.status !== 429) refuse(error.message);
    renderLogin(req, res, ctx, { status: error.status, error: error.message, username: form.username, next: form.next });
  }
}

/** Passwords are throttled per username, apart from second-factor checks (mfa:<person>). */
function passwordThrottleName(username: string): string {
  return `password:${foldUsername(username) || '(blank)'}`;
}

export const loginRoutes: RouteModule = {
  name: 'login',
  loginFormCsrf: [/^\/login$/],
  mount(router, ctx) {
    router.get('/login', (req, res) => {
      // reauth=1: a page needs a recent sign-in (a first second factor), so the form shows even when signed in.
      const reauth = req.query.reauth === '1';
      if (currentIdentity(req) && !reauth) return res.redirect(302, safeNextPath(req.query.next));
      renderLogin(req, res, ctx, { notice: req.query.signedOut === '1' ? 'You are signed out.' : reauth ? 'Sign in again to continue.' : undefined });
    });
    router.post('/login', (req, res) => postLogin(req, res, ctx));
    router.get('/logout', async (req, res) => {
      const identity = currentIdentity(req);
      // Offer to end the command lines signed in as this person too: they outlive the web session.
      const cliTokens = identity ? (await ctx.cliTokens.listTokensOf({ source: identity.source, username: identity.username })).length : 0;
      res.set('Cache-Control', 'no-store');
      res.render('logout', { title: 'Sign out', cliTokens });
    });
    router.post('/logout', (req, res) => signOutEverywhere(req, res, ctx));
  },
};
