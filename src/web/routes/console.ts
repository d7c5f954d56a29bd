// Console links: GET /console/<account>/<role> (A-Z in any case, with ?destination=, ?region=,
// ?duration=) is bookmarkable and goes straight to AWS for same-origin or direct requests; any other
// (a sibling subdomain's same-site included) first shows a confirmation page whose POST opens it. /console/<words> finds the role.
import type { Request, Response } from 'express';
import { type Entitlement, type Role, closestEntitlements, readSearchQuery, resolveEntitlements, searchEntitlements } from '../../access/index.ts';
import { type AppContext, type ConsoleRequest, browserCaller, consoleSignInAudited, currentIdentity, loadRoleChoices, readConsoleRequest, requireEntitlement, requireSignIn, type RouteModule } from '../../broker/index.ts';
import { renderPicker } from './picker.ts';

// `same-site` is not direct: a sibling subdomain (another team's host) is same-site.
const DIRECT_SITES = new Set(['same-origin', 'none']);

/**
 * Whether a GET must be confirmed before credentials are issued: a request not from Roleport's own
 * origin (by Fetch Metadata, or by an Origin of another site when the browser sends no Fetch Metadata), a prefetch,
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

/** The path of a role's console link, with the options it was asked with. */
export function consolePath(role: Role, options: ConsoleRequest = {}): string {
  const query = new URLSearchParams();
  if (options.destination) query.set('destination', options.destination);
  if (options.region) query.set('region', options.region);
  if (options.durationSeconds) query.set('duration', String(options.durationSeconds));
  const search = query.toString();
  return `/console/${encodeURIComponent(role.account.name)}/${encodeURIComponent(role.name)}${search ? `?${search}` : ''}`;
}

async function openConsole(req: Request, res: Response, ctx: AppContext, entitlement: Entitlement, options: ConsoleRequest, status: 302 | 303): Promise<void> {
  const signin = await consoleSignInAudited(ctx, browserCaller(req, ctx), entitlement, options);
  // The sign-in URL is a secret for 15 minutes: sent once, never cached, stored or logged.
  res.set('Cache-Control', 'no-store');
  res.set('Referrer-Policy', 'no-referrer');
  res.redirect(status, signin.url);
}

/**
 * `/console/<words>`: the person's roles whose account name or id and role name hold every word.
 * One opens (through its own link, so the confirmation rule applies), several show the picker
 * narrowed to them, none says so and offers the closest.
 */
async function openByWords(req: Request, res: Response, ctx: AppContext): Promise<void> {
  const words = readSearchQuery((req.params as Record<string, string | undefined>).words);
  const options = readConsoleRequest(req.query as Record<string, unknown>);
  const identity = currentIdentity(req)!;
  const mine = resolveEntitlements(identity, ctx.policy);
  const matches = searchEntitlements(mine, words, 'names');
  res.set('Cache-Control', 'no-store');
  if (matches.length === 1) return res.redirect(302, consolePath(matches[0].role, options));
  if (matches.length > 1) return renderPicker(res, matches, await loadRoleChoices(ctx, identity), { note: `${matches.length} of your roles match \u201c${words}\u201d: choose one.` });
  res.status(404).render('console-no-match', { title: 'No role matches', words, closest: closestEntitlements(mine, words).map((e) => ({ key: e.role.key, href: consolePath(e.role, options) })) });
}

export const consoleRoutes: RouteModule = {
  name: 'console',
  mount(router, ctx) {
    router.get('/console/:words', requireSignIn, (req, res) => openByWords(req, res, ctx));

    router.get('/console/:account/:role', requireSignIn, async (req, res) => {
      const { account, role } = params(req);
      const options = readConsoleRequest(req.query as Record<string, unknown>);
      const entitlement = requireEntitlement(req, ctx, account, role);
      if (needsConfirmation(req, ctx.publicUrl)) {
        res.set('Cache-Control', 'no-store');
        res.render('console-confirm', { title: `Open the ${entitlement.role.key} console?`, role: entitlement.role, options, action: consolePath(entitlement.role) });
        return;
      }
      await openConsole(req, res, ctx, entitlement, options, 302);
    });

    // The confirmation page's button and the role page's form (CSRF-checked by the app).
    router.post('/console/:account/:role', requireSignIn, async (req, res) => {
      const { account, role } = params(req);
      const options = readConsoleRequest((req.body ?? {}) as Record<string, unknown>);
      const entitlement = requireEntitlement(req, ctx, account, role);
      await openConsole(req, res, ctx, entitlement, options, 303);
    });
  },
};
