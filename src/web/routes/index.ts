// Every group of routes, in the order they are mounted.
import { healthRoutes } from './health.ts';
import { loginRoutes } from './login.ts';
import { pickerRoutes } from './picker.ts';
import type { RouteModule } from './route-module.ts';

export const routeModules: RouteModule[] = [
  healthRoutes,
  loginRoutes,
  pickerRoutes,
];
