// /admin/review: access review. For a role, the rules and groups that grant it and the people they
// reach; for a person (asked of their source now), every entitlement with its reason. Each as a
// page, CSV or JSON (?format=).
import type { Request, Response } from 'express';
import { presentPersonReview, presentRoleReview, reviewCsv, reviewPerson, reviewRole } from '../../broker/index.ts';
import { badRequest } from '../../errors.ts';
import type { AdminPage } from './admin-page.ts';

const MAX_NAME = 256;

function named(req: Request, ...names: string[]): string[] {
  const params = { ...(req.params as Record<string, string | undefined>), ...(req.query as Record<string, unknown>) };
  return names.map((name) => {
    const value = params[name];
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_NAME) throw badRequest(`say which ${name} (at most ${MAX_NAME} characters)`);
    return value.trim();
  });
}

type Format = 'html' | 'csv' | 'json';
function formatOf(req: Request): Format {
  const format = req.query.format ?? 'html';
  if (format !== 'html' && format !== 'csv' && format !== 'json') throw badRequest("format must be 'html', 'csv' or 'json'");
  return format;
}

function sendExport(res: Response, format: 'csv' | 'json', name: string, csv: string, json: unknown): void {
  res.set('Cache-Control', 'no-store');
  res.attachment(`${name}.${format}`);
  if (format === 'csv') res.type('text/csv; charset=utf-8').send(csv);
  else res.json(json);
}

const slug = (...parts: string[]) => parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_')).join('-');
export const roleReviewPath = (key: string) => `/admin/review/roles/${key.split('/').map(encodeURIComponent).join('/')}`;
const personReviewPath = (source: string, username: string) => `/admin/review/people/${encodeURIComponent(source)}/${encodeURIComponent(username)}`;

export const reviewPage: AdminPage = {
  path: '/admin/review',
  title: 'Access review',
  description: 'Who can reach a role (the rules, the groups and, where the directory can list them, the people), and everything one person can reach, with the reasons. Exportable as CSV or JSON.',
  mount(router, ctx) {
    router.get('/admin/review', (_req, res) => {
      res.set('Cache-Control', 'no-store');
      res.render('admin-review', {
        title: reviewPage.title,
        roles: [...ctx.policy.roles.values()].map((role) => ({ key: role.key, description: role.description, href: roleReviewPath(role.key) })),
        sources: ctx.sources.map((s) => ({ id: s.id, label: s.label })),
      });
    });

    router.get('/admin/review/roles/:account/:role', async (req, res) => {
      const [account, role] = named(req, 'account', 'role');
      const format = formatOf(req);
      const review = await reviewRole(ctx, account, role);
      if (format !== 'html') return sendExport(res, format, slug('roleport-review', account, role), reviewCsv(review), presentRoleReview(review));
      res.set('Cache-Control', 'no-store');
      res.render('admin-review-role', { title: `Who can reach ${review.role.key}`, review: presentRoleReview(review), base: roleReviewPath(review.role.key), personPath: personReviewPath });
    });

    router.get('/admin/review/person', (req, res) => {
      const [source, username] = named(req, 'source', 'username');
      res.redirect(303, personReviewPath(source, username));
    });

    router.get('/admin/review/people/:source/:username', async (req, res) => {
      const [source, username] = named(req, 'source', 'username');
      const format = formatOf(req);
      const review = await reviewPerson(ctx, source, username);
      if (format !== 'html') return sendExport(res, format, slug('roleport-review', source, username), reviewCsv(review), presentPersonReview(review));
      res.set('Cache-Control', 'no-store');
      res.render('admin-review-person', { title: `What ${username} can reach`, username, review: presentPersonReview(review), base: personReviewPath(source, username), rolePath: roleReviewPath });
    });
  },
};
