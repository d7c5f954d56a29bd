// Durable per-person data (second factors, recovery codes; later favourites, recents, revocation
// records), keyed by person = (identity source, subject): node:sqlite embedded, PostgreSQL at scale.
export type { Migration, PersonKey, Row, SqlDatabase, SqlValue } from './types.ts';
export { migrate } from './migrate.ts';
export { MIGRATIONS } from './migrations/index.ts';
export { type Storage, openDatabase, openStorage } from './open-storage.ts';
export type { Person, PeopleStore } from './people.ts';
export type { FactorKind, FactorStore, StoredFactor } from './mfa-factors.ts';
export type { RecoveryCodeStore } from './mfa-recovery-codes.ts';
