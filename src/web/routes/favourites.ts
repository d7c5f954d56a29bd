// POST /favourites stars or unstars one of the person's roles: the picker's one form (CSRF-checked by
// the app), sent by a star button as star=<role> or unstar=<role>; it returns to the picker, or
// answers JSON for the picker's script, which toggles the star in place.
import type { Request } from 'express';
import { badRequest } from '../../errors.ts';
import { currentIdentity, requireEntitlement, requireSignIn, setFavouriteRole, type RouteModule } from '../../broker/index.ts';
import { MAX_QUERY_LENGTH } from '../../access/index.ts';

const ROLE_KEY = /^([^/]{1,64})\/([^/]{1,64})$/;

function readStarForm(req: Request): { account: string; role: string; starred: boolean; query: string } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const given = [body.star, body.unstar].filter((value) => value !== undefined);
  const key = given.length === 1 ? given[0] : undefined;
  const match = typeof key === 'string' ? ROLE_KEY.exec(key) : null;
  if (!match) throw badRequest('the star form names one role, as star=<account>/<role> or unstar=<account>/<role>');
  const query = typeof body.q === 'string' && body.q.length <= MAX_QUERY_LENGTH ? body.q.trim() : '';
  return { account: match[1], role: match[2], starred: body.star !== undefined, query };
}

export const favouriteRoutes: RouteModule = {
  name: 'favourites',
  mount(router, ctx) {
    router.post('/favourites', requireSignIn, async (req, res) => {
      const form = readStarForm(req);
      const entitlement = requireEntitlement(req, ctx, form.account, form.role, { stepUp: false });
      await setFavouriteRole(ctx, currentIdentity(req)!, entitlement, form.starred);
      res.set('Cache-Control', 'no-store');
      if (req.accepts(['html', 'json']) === 'json') {
        res.json({ role: entitlement.role.key, starred: form.starred });
        return;
      }
      res.redirect(303, form.query ? `/?q=${encodeURIComponent(form.query)}` : '/');
    });
  },
};
