// GET /metrics: Prometheus text. On the main port loopback callers only (the socket's address, not a
// forwarded one), unless metrics.token is set: then a matching bearer token from anywhere, and
// nothing else. On metrics.port (the internal network's) any caller, with the token when one is set.
import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import { RoleportError, notFound } from '../../errors.ts';
import { registry } from '../../metrics.ts';
import type { AppContext, RouteModule } from '../../broker/index.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function allowed(req: Request, token: string | undefined, anyCaller: boolean): boolean {
  if (token) {
    const header = req.get('authorization') ?? '';
    return header.startsWith('Bearer ') && sameSecret(header.slice(7), token);
  }
  return anyCaller || LOOPBACK.test(req.socket.remoteAddress ?? '');
}

/** The metrics, or the RoleportError that refuses them. */
async function metricsOrRefusal(req: Request, ctx: AppContext, anyCaller: boolean): Promise<string> {
  const { enabled, token } = ctx.config.metrics;
  if (!enabled) throw notFound();
  if (!allowed(req, token?.value, anyCaller)) throw new RoleportError({ status: 403, code: 'metrics_refused', message: token ? 'the metrics need their bearer token' : 'the metrics answer only this machine unless metrics.token is set' });
  return registry.metrics();
}

export const metricsRoutes: RouteModule = {
  name: 'metrics',
  mount(router, ctx) {
    router.get('/metrics', async (req, res) => {
      const text = await metricsOrRefusal(req, ctx, false);
      res.set('Cache-Control', 'no-store').type(registry.contentType).send(text);
    });
  },
};

/** metrics.port's app: GET /metrics and nothing else, answered in plain text. */
export function buildMetricsApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (req: Request, res: Response) => {
    try {
      const text = await metricsOrRefusal(req, ctx, true);
      res.set('Cache-Control', 'no-store').type(registry.contentType).send(text);
    } catch (error) {
      const refusal = error instanceof RoleportError ? error : new RoleportError({ status: 500, code: 'internal_error', message: 'the metrics could not be gathered', cause: error });
      if (refusal.status >= 500) ctx.logger.error({ err: error }, 'the metrics could not be gathered');
      res.status(refusal.status).type('text/plain').send(`${refusal.message}\n`);
    }
  });
  app.use((_req: Request, res: Response) => void res.status(404).type('text/plain').send('this port serves GET /metrics only\n'));
  return app;
}
