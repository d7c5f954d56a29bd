// /admin: administration pages for members of admin.groups. Everything under /admin passes
// requireAdmin first (an administrator, freshly verified with their own factor); /admin lists the pages.
import { requireAdmin, type RouteModule } from '../../broker/index.ts';
import { ADMIN_PAGES } from '../admin/pages.ts';

export const adminRoutes: RouteModule = {
  name: 'admin',
  mount(router, ctx) {
    router.use('/admin', requireAdmin(ctx));
    router.get('/admin', (_req, res) => {
      res.set('Cache-Control', 'no-store');
      res.render('admin', { title: 'Administration', pages: ADMIN_PAGES.map((page) => ({ path: page.path, title: page.title, description: page.description })) });
    });
    for (const page of ADMIN_PAGES) page.mount(router, ctx);
  },
};
