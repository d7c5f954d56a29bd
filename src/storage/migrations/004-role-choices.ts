// The roles a person starred, and the ones they used last (console opened or keys issued), by role
// key (`<account>/<role>`); the picker shows both.
import type { Migration } from '../types.ts';

export const roleChoices: Migration = {
  id: 4,
  name: 'favourite and recent roles',
  sql: `
    CREATE TABLE favourite_roles (
      source TEXT NOT NULL,
      subject TEXT NOT NULL,
      role_key TEXT NOT NULL,
      starred_at BIGINT NOT NULL,
      PRIMARY KEY (source, subject, role_key)
    );
    CREATE TABLE recent_roles (
      source TEXT NOT NULL,
      subject TEXT NOT NULL,
      role_key TEXT NOT NULL,
      used_at BIGINT NOT NULL,
      PRIMARY KEY (source, subject, role_key)
    );
  `,
};
