// Every group of routes, in the order they are mounted.
import { apiRoutes } from '../../api/index.ts';
import { consoleRoutes } from './console.ts';
import { healthRoutes } from './health.ts';
import { keysRoutes } from './keys.ts';
import { loginRoutes } from './login.ts';
import { oidcRoutes } from './oidc.ts';
import { pickerRoutes } from './picker.ts';
import type { RouteModule } from './route-module.ts';
import { samlRoutes } from './saml.ts';

export const routeModules: RouteModule[] = [
  healthRoutes,
  loginRoutes,
  oidcRoutes,
  samlRoutes,
  pickerRoutes,
  consoleRoutes,
  keysRoutes,
  apiRoutes,
];
