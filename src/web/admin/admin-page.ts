// One page (or group of routes) under /admin. routes/admin.ts has already checked that the person is
// an administrator, freshly verified, before any of these runs.
import type { Router } from 'express';
import type { AppContext } from '../../broker/index.ts';

export type AdminPage = {
  /** Where the page lives, under /admin. */
  path: `/admin/${string}`;
  title: string;
  description: string;
  mount(router: Router, ctx: AppContext): void;
};
