// The API room: the JSON API under /api/v1 (bearer tokens only, so no CSRF token applies) and the
// /device approval page of the CLI's sign-in: one route module, which the wiring (runtime.ts) hands to the web app.
import type { RouteModule } from '../broker/index.ts';
import { createApiRouter } from './api-router.ts';
import { createApiState } from './api-state.ts';
import { mountDevicePage } from './device-page.ts';

export const API_PREFIX = '/api/v1';

export const apiRoutes: RouteModule = {
  name: 'api',
  csrfExempt: [/^\/api\/v1\//],
  sessionless: [/^\/api\/v1\//],
  mount(router, ctx) {
    const state = createApiState(ctx);
    router.use(API_PREFIX, createApiRouter(ctx, state));
    mountDevicePage(router, ctx, state);
  },
};
