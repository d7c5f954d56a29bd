// A group of routes, mounted by buildApp in the order routes/index.ts lists them.
import type { Router } from 'express';
import type { AppContext } from './context.ts';

export type RouteModule = {
  name: string;
  /** POST paths protected otherwise than by a CSRF token (e.g. a SAML ACS: by its signature). */
  csrfExempt?: RegExp[];
  /**
   * POST paths whose form may carry the signed login-form token (a double-submit cookie) instead of
   * the session's CSRF token: forms shown before any session exists.
   */
  loginFormCsrf?: RegExp[];
  /** Paths that never use the browser session (bearer-only API calls): no session is read or made there. */
  sessionless?: RegExp[];
  mount(router: Router, ctx: AppContext): void;
};
