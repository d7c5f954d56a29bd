// /admin/people: the people with second factors, and a reset for one who lost their device.
import { currentIdentity, resetFactors } from '../../broker/index.ts';
import { formField as field } from '../access/form-field.ts';
import type { AdminPage } from './admin-page.ts';

export const peoplePage: AdminPage = {
  path: '/admin/people',
  title: 'People and their second factors',
  description: 'Reset the factors of someone who lost their device, so they can set up new ones.',
  mount(router, ctx) {
    router.get('/admin/people', async (req, res) => {
      const reset = typeof req.query.reset === 'string' ? req.query.reset.slice(0, 256) : undefined;
      res.set('Cache-Control', 'no-store');
      res.render('admin-people', { title: peoplePage.title, people: await ctx.storage.factors.people(), notice: reset ? `The factors of ${reset} are reset: they set up new ones at their next check.` : undefined });
    });

    router.post('/admin/people/reset', async (req, res) => {
      const person = { source: field(req.body, 'source'), subject: field(req.body, 'subject') };
      const shown = (await ctx.storage.people.find(person))?.username ?? person.subject;
      await resetFactors(req, ctx, currentIdentity(req)!, person);
      res.redirect(303, `/admin/people?reset=${encodeURIComponent(shown)}`);
    });
  },
};
