// /admin/audit: the audit trail, filtered by person, account, role, event, outcome and time, newest
// first a page at a time; the same filter exported as CSV or JSON lines, streamed.
import type { Request } from 'express';
import { AUDIT_EVENTS, auditFilterFields, decodeAuditCursor, encodeAuditCursor, readAuditFilter, readAuditPage } from '../../audit/index.ts';
import { badRequest } from '../../errors.ts';
import { auditRow } from '../audit/audit-rows.ts';
import { isExportFormat, streamAudit } from '../audit/stream-audit.ts';
import type { AdminPage } from './admin-page.ts';

const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

function pageSize(req: Request): number {
  const raw = req.query.size;
  if (raw === undefined) return PAGE_SIZE;
  const size = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw badRequest(`size must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  return size;
}

const withFields = (path: string, fields: Record<string, string>) => {
  const query = new URLSearchParams(fields).toString();
  return query ? `${path}?${query}` : path;
};

export const auditPage: AdminPage = {
  path: '/admin/audit',
  title: 'Audit trail',
  description: 'Who did what and when: sign-ins, keys, console links, refusals. Filter it and export it as CSV or JSON lines.',
  mount(router, ctx) {
    router.get('/admin/audit', async (req, res) => {
      const filter = readAuditFilter(req.query);
      const size = pageSize(req);
      const after = decodeAuditCursor(req.query.after);
      const page = await readAuditPage(ctx.audit, filter, after, size);
      const fields = auditFilterFields(filter);
      const sized = size === PAGE_SIZE ? fields : { ...fields, size: String(size) };
      res.set('Cache-Control', 'no-store');
      res.render('admin-audit', {
        title: auditPage.title,
        searchable: ctx.audit.searchable,
        fields,
        events: AUDIT_EVENTS,
        rows: page.records.map(auditRow),
        older: page.next ? withFields('/admin/audit', { ...sized, after: encodeAuditCursor(page.next) }) : undefined,
        newest: after ? withFields('/admin/audit', sized) : undefined,
        csv: withFields('/admin/audit/export', { ...fields, format: 'csv' }),
        jsonl: withFields('/admin/audit/export', { ...fields, format: 'jsonl' }),
      });
    });

    router.get('/admin/audit/export', async (req, res) => {
      const format = req.query.format;
      if (!isExportFormat(format)) throw badRequest("format must be 'csv' or 'jsonl'");
      const filter = readAuditFilter(req.query);
      await streamAudit(res, { audit: ctx.audit, filter, format, name: `roleport-audit-${ctx.clock().toISOString().slice(0, 10)}`, logger: ctx.logger });
    });
  },
};
