// The roles a person starred on the picker, by role key.
import type { PersonKey, SqlDatabase } from './types.ts';

export type FavouriteRoleStore = {
  /** The person's starred role keys, oldest star first. */
  list(person: PersonKey): Promise<string[]>;
  /** Stars or unstars a role; starring twice keeps the first star. */
  set(person: PersonKey, roleKey: string, starred: boolean, at: number): Promise<void>;
};

export function createFavouriteRoleStore(db: SqlDatabase): FavouriteRoleStore {
  return {
    async list(p) {
      const rows = await db.all<{ role_key: string }>('SELECT role_key FROM favourite_roles WHERE source = ? AND subject = ? ORDER BY starred_at, role_key', [p.source, p.subject]);
      return rows.map((row) => row.role_key);
    },
    async set(p, roleKey, starred, at) {
      if (starred) {
        await db.run('INSERT INTO favourite_roles (source, subject, role_key, starred_at) VALUES (?, ?, ?, ?) ON CONFLICT (source, subject, role_key) DO NOTHING', [p.source, p.subject, roleKey, at]);
      } else {
        await db.run('DELETE FROM favourite_roles WHERE source = ? AND subject = ? AND role_key = ?', [p.source, p.subject, roleKey]);
      }
    },
  };
}
