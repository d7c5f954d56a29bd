// /admin/access: find a person, see their browser sessions and CLI tokens, and end them all (a stolen
// laptop, someone who left). Each end is audited with the administrator as actor, the person as target.
import type { Request } from 'express';
import { clientInfo, currentIdentity, endAllAccessOf, type Person } from '../../broker/index.ts';
import { badRequest } from '../../errors.ts';
import { accessOf } from '../access/access-view.ts';
import type { AdminPage } from './admin-page.ts';
import { findPeople } from './find-people.ts';

const MAX_NAME = 256;

function personIn(req: Request): Person {
  const { source, username } = req.params as Record<string, string | undefined>;
  if (!source || !username || source.length > MAX_NAME || username.length > MAX_NAME) throw badRequest('the person is not named');
  return { source, username };
}

const personPath = (person: Person) => `/admin/access/${encodeURIComponent(person.source)}/${encodeURIComponent(person.username)}`;

export const accessPage: AdminPage = {
  path: '/admin/access',
  title: 'Sessions and CLI tokens of anyone',
  description: 'Find a person and end every browser session and CLI token they hold: a stolen laptop, someone who left.',
  mount(router, ctx) {
    router.get('/admin/access', async (req, res) => {
      const query = typeof req.query.q === 'string' ? req.query.q.slice(0, MAX_NAME) : '';
      res.set('Cache-Control', 'no-store');
      res.render('admin-access', { title: accessPage.title, query, searched: query.trim() !== '', people: (await findPeople(ctx, query)).map((p) => ({ ...p, href: personPath(p) })) });
    });

    router.get('/admin/access/:source/:username', async (req, res) => {
      const person = personIn(req);
      const ended = typeof req.query.ended === 'string' ? req.query.ended.slice(0, 64) : undefined;
      res.set('Cache-Control', 'no-store');
      res.render('admin-access-person', { title: `Access of ${person.username}`, person, action: `${personPath(person)}/end`, ended, ...(await accessOf(ctx, person, req.sessionID)) });
    });

    router.post('/admin/access/:source/:username/end', async (req, res) => {
      const person = personIn(req);
      const admin = currentIdentity(req)!;
      // The administrator's own session stays: they sign themselves out on /sessions.
      const ended = await endAllAccessOf(ctx, person, clientInfo(req), 'admin', admin, req.sessionID);
      res.redirect(303, `${personPath(person)}?ended=${ended.sessions}-${ended.tokens}`);
    });
  },
};
