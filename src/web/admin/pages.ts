// Every administration page, in the order /admin lists them: add a page here.
import type { AdminPage } from './admin-page.ts';
import { accessPage } from './access.ts';
import { auditPage } from './audit.ts';
import { peoplePage } from './people.ts';
import { reviewPage } from './review.ts';
import { rolesPage } from './roles.ts';

export const ADMIN_PAGES: AdminPage[] = [peoplePage, accessPage, rolesPage, auditPage, reviewPage];
