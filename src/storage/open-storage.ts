// Opens the database the configuration names, brings its schema up to date, and hands out one
// store per kind of per-person data. A later kind adds its migration and its store here.
import type { RoleportConfig } from '../config/index.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { type FactorStore, createFactorStore } from './mfa-factors.ts';
import { type FavouriteRoleStore, createFavouriteRoleStore } from './favourite-roles.ts';
import { type RecoveryCodeStore, createRecoveryCodeStore } from './mfa-recovery-codes.ts';
import { type PeopleStore, createPeopleStore } from './people.ts';
import { type RecentRoleStore, createRecentRoleStore } from './recent-roles.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import { openSqliteDatabase } from './sqlite-database.ts';
import type { SqlDatabase } from './types.ts';
import { type WebhookOutbox, createWebhookOutbox } from './webhook-outbox.ts';

export type Storage = {
  /** The database itself, for stores of later features and for tests. */
  db: SqlDatabase;
  people: PeopleStore;
  factors: FactorStore;
  recoveryCodes: RecoveryCodeStore;
  /** Roles starred on the picker, and the last ones used. */
  favouriteRoles: FavouriteRoleStore;
  recentRoles: RecentRoleStore;
  /** Notifications waiting for the webhook (see src/notifications). */
  webhookOutbox: WebhookOutbox;
  close(): Promise<void>;
};

/** `deadlineMs` (timeouts.store): the most a PostgreSQL query may wait for its answer. */
export async function openDatabase(config: RoleportConfig['storage'], deadlineMs?: number): Promise<SqlDatabase> {
  return config.type === 'postgres' ? openPostgresDatabase({ url: config.url.value, schema: config.schema, deadlineMs }) : openSqliteDatabase(config.path);
}

export async function openStorage(config: RoleportConfig['storage'], deadlineMs?: number): Promise<Storage> {
  const db = await openDatabase(config, deadlineMs);
  try {
    await migrate(db, MIGRATIONS);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    db,
    people: createPeopleStore(db),
    factors: createFactorStore(db),
    recoveryCodes: createRecoveryCodeStore(db),
    favouriteRoles: createFavouriteRoleStore(db),
    recentRoles: createRecentRoleStore(db),
    webhookOutbox: createWebhookOutbox(db),
    close: () => db.close(),
  };
}
