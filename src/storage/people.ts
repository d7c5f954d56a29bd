// The people Roleport keeps data for: how to show them (last username and name) by their key.
import type { PersonKey, SqlDatabase } from './types.ts';

export type Person = PersonKey & { username: string; displayName: string; seenAt: number };

export type PeopleStore = {
  /** Records (or refreshes) how a person is shown. */
  remember(person: Person): Promise<void>;
  find(person: PersonKey): Promise<Person | undefined>;
};

type PersonRow = { source: string; subject: string; username: string; display_name: string; seen_at: number };

export function toPerson(row: PersonRow): Person {
  return { source: row.source, subject: row.subject, username: row.username, displayName: row.display_name, seenAt: Number(row.seen_at) };
}

export function createPeopleStore(db: SqlDatabase): PeopleStore {
  return {
    async remember(p) {
      await db.run(
        `INSERT INTO people (source, subject, username, display_name, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (source, subject) DO UPDATE SET username = excluded.username, display_name = excluded.display_name, seen_at = excluded.seen_at`,
        [p.source, p.subject, p.username, p.displayName, p.seenAt],
      );
    },
    async find(key) {
      const row = await db.get<PersonRow>('SELECT source, subject, username, display_name, seen_at FROM people WHERE source = ? AND subject = ?', [key.source, key.subject]);
      return row ? toPerson(row) : undefined;
    },
  };
}
