// Liveness (/healthz: the process answers, without touching any backend) and readiness (/readyz:
// 503 while this replica cannot serve; the body says what each part is doing).
import type { RouteModule } from '../../broker/index.ts';

export const healthRoutes: RouteModule = {
  name: 'health',
  mount(router, ctx) {
    router.get('/healthz', (_req, res) => {
      res.set('Cache-Control', 'no-store').json({ status: 'ok' });
    });
    router.get('/readyz', async (_req, res) => {
      const report = await ctx.readiness.report();
      res.status(report.ready ? 200 : 503).set('Cache-Control', 'no-store').json({ status: report.ready ? 'ready' : 'not ready', ...report });
    });
  },
};
