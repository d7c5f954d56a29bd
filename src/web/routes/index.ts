// The web pages' groups of routes, in the order they are mounted (the wiring adds the API's).
import type { RouteModule } from '../../broker/index.ts';
import { adminRoutes } from './admin.ts';
import { cliPackageRoutes } from './cli-package.ts';
import { consoleRoutes } from './console.ts';
import { favouriteRoutes } from './favourites.ts';
import { healthRoutes } from './health.ts';
import { keysRoutes } from './keys.ts';
import { loginRoutes } from './login.ts';
import { metricsRoutes } from './metrics.ts';
import { mfaFactorRoutes } from './mfa-factors.ts';
import { mfaRoutes } from './mfa.ts';
import { oidcRoutes } from './oidc.ts';
import { pickerRoutes } from './picker.ts';
import { samlRoutes } from './saml.ts';
import { sessionsRoutes } from './sessions.ts';

export const routeModules: RouteModule[] = [
  healthRoutes,
  metricsRoutes,
  loginRoutes,
  oidcRoutes,
  samlRoutes,
  pickerRoutes,
  favouriteRoutes,
  consoleRoutes,
  keysRoutes,
  mfaRoutes,
  mfaFactorRoutes,
  sessionsRoutes,
  adminRoutes,
  cliPackageRoutes,
];
