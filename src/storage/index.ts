// Durable per-person data (second factors, recovery codes, favourite and recent roles, the
// webhook outbox; later revocation records), keyed by person = (identity source, subject): node:sqlite embedded, PostgreSQL at scale.
export type { Migration, PersonKey, Row, SqlDatabase, SqlValue } from './types.ts';
export { migrate } from './migrate.ts';
export { MIGRATIONS } from './migrations/index.ts';
export { type Storage, openDatabase, openStorage } from './open-storage.ts';
export { openSqliteFile, sqliteDatabase } from './sqlite-database.ts';
export { openPostgresDatabase } from './postgres-database.ts';
export type { Person, PeopleStore } from './people.ts';
export type { FactorKind, FactorStore, StoredFactor } from './mfa-factors.ts';
export type { RecoveryCodeStore } from './mfa-recovery-codes.ts';
export type { FavouriteRoleStore } from './favourite-roles.ts';
export { RECENT_ROLES_KEPT, type RecentRole, type RecentRoleStore } from './recent-roles.ts';
export { type OutboxDelivery, type WebhookOutbox, createWebhookOutbox } from './webhook-outbox.ts';
