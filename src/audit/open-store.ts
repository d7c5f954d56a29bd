// Opens the audit store the configuration names (none for `log`: the log is always written).
import type { RoleportConfig } from '../config/index.ts';
import type { AuditStore } from './audit.ts';
import { createPostgresAuditStore } from './postgres-store.ts';
import { createSqliteAuditStore } from './sqlite-store.ts';

/** `deadlineMs` (timeouts.store): the most a PostgreSQL call may wait for its answer. */
export async function openAuditStore(config: RoleportConfig['audit'], deadlineMs?: number): Promise<AuditStore | undefined> {
  const store = config.store;
  if (store.type === 'sqlite') return createSqliteAuditStore(store.path);
  if (store.type === 'postgres') return createPostgresAuditStore({ url: store.url.value, table: store.table, deadlineMs });
  return undefined;
}
