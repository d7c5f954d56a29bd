// Streams an audit export (CSV or JSON lines) as it is read, page by page, waiting when the client
// reads slower than the store answers; a store failure mid-way ends the download short, logged.
import { once } from 'node:events';
import type { Response } from 'express';
import { type Audit, type AuditFilter, allAuditRecords, auditCsvHeader, auditCsvRow, auditJsonLine } from '../../audit/index.ts';
import type { Logger } from '../../log.ts';

export const EXPORT_FORMATS = { csv: { type: 'text/csv; charset=utf-8', extension: 'csv' }, jsonl: { type: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' } } as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function isExportFormat(value: unknown): value is ExportFormat {
  return value === 'csv' || value === 'jsonl';
}

export async function streamAudit(res: Response, options: { audit: Pick<Audit, 'search'>; filter: AuditFilter; format: ExportFormat; name: string; logger: Logger }): Promise<void> {
  const { type, extension } = EXPORT_FORMATS[options.format];
  const write = async (chunk: string) => {
    // A client that goes away while the buffer is full never drains: its close ends the wait.
    if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  };
  // The header goes out with the first record, so a store that fails at once still gets an error page.
  let started = false;
  const start = async () => {
    if (started) return;
    res.set('Cache-Control', 'no-store');
    // attachment() guesses a type from the extension; ours is set after it.
    res.attachment(`${options.name}.${extension}`);
    res.set('Content-Type', type);
    started = true;
    if (options.format === 'csv') await write(auditCsvHeader());
  };
  try {
    for await (const record of allAuditRecords(options.audit, options.filter)) {
      if (res.destroyed) return;
      await start();
      await write(options.format === 'csv' ? auditCsvRow(record) : auditJsonLine(record));
    }
    await start();
    res.end();
  } catch (error) {
    if (!started) throw error;
    options.logger.error({ err: error }, 'the audit export stopped: the store failed while it was read');
    res.destroy(error as Error);
  }
}
