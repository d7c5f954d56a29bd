// GET /metrics: Prometheus text. Loopback callers only (the socket's address, not a forwarded one),
// unless metrics.token is set: then a matching bearer token from anywhere, and nothing else.
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { RoleportError, notFound } from '../../errors.ts';
import { registry } from '../../metrics.ts';
import type { RouteModule } from '../../broker/index.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function allowed(req: Request, token: string | undefined): boolean {
  if (token) {
    const header = req.get('authorization') ?? '';
    return header.startsWith('Bearer ') && sameSecret(header.slice(7), token);
  }
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

export const metricsRoutes: RouteModule = {
  name: 'metrics',
  mount(router, ctx) {
    router.get('/metrics', async (req, res) => {
      const { enabled, token } = ctx.config.metrics;
      if (!enabled) throw notFound();
      if (!allowed(req, token?.value)) throw new RoleportError({ status: 403, code: 'metrics_refused', message: token ? 'the metrics need their bearer token' : 'the metrics answer only this machine unless metrics.token is set' });
      res.set('Cache-Control', 'no-store').type(registry.contentType).send(await registry.metrics());
    });
  },
};
