// Builds the express app (no listen): security headers, logging, the sandbox, sessions, CSRF,
// then every route module, then 404 and the one error handler.
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import { csrfSync } from 'csrf-sync';
import { notFound } from '../errors.ts';
import { type AppContext, currentIdentity, enforceAbsoluteTimeout, isAdmin, type RouteModule, sessionCookieOptions } from '../broker/index.ts';
import type { Drain } from './drain.ts';
import { errorHandler } from './error-handler.ts';
import { hasLoginFormToken } from './login-form-token.ts';
import { refuseMalformedPath } from './malformed-request.ts';
import { requestId } from './request-id.ts';
import { requestLogger } from './request-logger.ts';
import { routeModules as webRouteModules } from './routes/index.ts';
import { securityHeaders } from './security-headers.ts';
import { installViews } from './views.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The sandbox's router and where it is mounted, when the configuration mounts it. */
export type MountedSandbox = { mount: string; router: RequestHandler };

/** `extraRoutes`: route modules of other rooms (the JSON API), mounted after the web pages. */
export function buildApp(ctx: AppContext, extraRoutes: RouteModule[] = [], drain?: Drain, sandbox?: MountedSandbox): Express {
  const routeModules = [...webRouteModules, ...extraRoutes];
  const { config } = ctx;
  const app = express();
  app.disable('x-powered-by');
  // Pages and API answers are no-store: an ETag would only cost a hash of every body (static files keep theirs).
  app.set('etag', false);
  app.set('env', 'production'); // express's fallback handler then never shows a stack
  app.set('trust proxy', config.server.trustProxy);
  installViews(app);

  app.use(requestId());
  if (drain) app.use(drain.middleware);
  app.use(requestLogger(ctx.logger, config.log.access));
  app.use(securityHeaders(config));
  app.use(refuseMalformedPath);

  // AWS's side of the wire, when configured: before sessions and body parsers (it signs raw bodies).
  if (sandbox) app.use(sandbox.mount, sandbox.router);

  app.use('/static', express.static(PUBLIC_DIR, { index: false, maxAge: '1h' }));

  // Bearer-only calls skip the session entirely: no cookie parsed, no session looked up or made.
  const sessionless = routeModules.flatMap((module) => module.sessionless ?? []);
  const browserSession = session({
    name: config.session.cookieName,
    secret: config.session.secret.value,
    store: ctx.sessionStore ?? new session.MemoryStore(),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { ...sessionCookieOptions(config), maxAge: config.session.idleTimeout * 1000 },
  });
  // Without its own `proxy` option express-session judges a request secure by req.secure (express's
  // trust proxy). Over an https publicUrl the browser's side is https even when TLS ends at a proxy
  // Roleport does not trust, and express-session sends a Secure cookie only on a request it believes secure.
  const publicHttps = sessionCookieOptions(config).secure === true;
  const absoluteTimeout = enforceAbsoluteTimeout(ctx);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (sessionless.some((pattern) => pattern.test(req.path))) return next();
    if (publicHttps && !req.secure) Object.defineProperty(req, 'secure', { value: true });
    browserSession(req, res, (error?: unknown) => {
      if (error) return next(error);
      absoluteTimeout(req, res, () => ctx.browserSessions.seen(req).then(() => next(), next));
    });
  });
  app.use(express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 100 }));
  app.use(express.json({ limit: '64kb' }));

  const exempt = routeModules.flatMap((module) => module.csrfExempt ?? []);
  const loginForms = routeModules.flatMap((module) => module.loginFormCsrf ?? []);
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token')),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.locals.csrf = () => generateToken(req);
    res.locals.identity = currentIdentity(req);
    res.locals.admin = res.locals.identity ? isAdmin(res.locals.identity, ctx.config) : false;
    res.locals.demo = ctx.demo;
    if (STATE_CHANGING.has(req.method) && !exempt.some((pattern) => pattern.test(req.path))) {
      // The login form of a visitor without a session carries the login cookie's token instead.
      if (loginForms.some((pattern) => pattern.test(req.path)) && hasLoginFormToken(req, ctx)) return next();
      return csrfSynchronisedProtection(req, res, next);
    }
    next();
  });

  const router = express.Router();
  for (const module of routeModules) module.mount(router, ctx);
  app.use(router);

  app.use((_req: Request, _res: Response, next: NextFunction) => next(notFound()));
  app.use(errorHandler(ctx));
  return app;
}
