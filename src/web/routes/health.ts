// Liveness for load balancers and orchestrators: answers without touching any backend.
import type { RouteModule } from '../../broker/index.ts';

export const healthRoutes: RouteModule = {
  name: 'health',
  mount(router) {
    router.get('/healthz', (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ status: 'ok' });
    });
  },
};
