// Console links: GET /console/<account>/<role> is bookmarkable and goes straight to AWS for same-site
// or direct requests; a cross-site request first shows a confirmation page whose POST opens it.
import type { Request, Response } from 'express';
import type { Entitlement } from '../../access/index.ts';
import { type AppContext, clientInfo, consoleSignInAudited, currentIdentity, requireEntitlement, requireSignIn, type RouteModule } from '../../broker/index.ts';

const DIRECT_SITES = new Set(['same-origin', 'same-site', 'none']);

/**
 * Whether a GET must be confirmed before credentials are issued: a cross-site request (by Fetch
 * Metadata, or by an Origin of another site when the browser sends no Fetch Metadata), a prefetch,
 * or a HEAD request.
 */
export function needsConfirmation(req: Request, publicUrl: string): boolean {
  if (req.method !== 'GET') return true;
  const purpose = `${req.get('sec-purpose') ?? ''} ${req.get('purpose') ?? ''}`.toLowerCase();
  if (purpose.includes('prefetch') || purpose.includes('prerender')) return true;
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return !DIRECT_SITES.has(site.toLowerCase());
  const origin = req.get('origin');
  if (origin === undefined) return false;
  return origin !== new URL(publicUrl).origin;
}

function params(req: Request): { account: string; role: string } {
  const p = req.params as Record<string, string | undefined>;
  return { account: p.account ?? '', role: p.role ?? '' };
}

function requestedDestination(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function openConsole(req: Request, res: Response, ctx: AppContext, entitlement: Entitlement, destination: string | undefined, status: 302 | 303): Promise<void> {
  const signin = await consoleSignInAudited(ctx, { identity: currentIdentity(req)!, client: clientInfo(req) }, entitlement, destination);
  // The sign-in URL is a secret for 15 minutes: sent once, never cached, stored or logged.
  res.set('Cache-Control', 'no-store');
  res.set('Referrer-Policy', 'no-referrer');
  res.redirect(status, signin.url);
}

export const consoleRoutes: RouteModule = {
  name: 'console',
  mount(router, ctx) {
    router.get('/console/:account/:role', requireSignIn, async (req, res) => {
      const { account, role } = params(req);
      const entitlement = requireEntitlement(req, ctx, account, role);
      const destination = requestedDestination(req.query.destination);
      if (needsConfirmation(req, ctx.publicUrl)) {
        res.set('Cache-Control', 'no-store');
        res.render('console-confirm', { title: `Open the ${entitlement.role.key} console?`, role: entitlement.role, destination });
        return;
      }
      await openConsole(req, res, ctx, entitlement, destination, 302);
    });

    // The confirmation page's button (CSRF-checked by the app).
    router.post('/console/:account/:role', requireSignIn, async (req, res) => {
      const { account, role } = params(req);
      const entitlement = requireEntitlement(req, ctx, account, role);
      await openConsole(req, res, ctx, entitlement, requestedDestination(req.body?.destination), 303);
    });
  },
};
