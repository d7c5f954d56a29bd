// The people Roleport keeps data for, by (source, subject), with the name they last signed in with
// so an administrator can recognise them.
import type { Migration } from '../types.ts';

export const people: Migration = {
  id: 1,
  name: 'people',
  sql: `
    CREATE TABLE people (
      source TEXT NOT NULL,
      subject TEXT NOT NULL,
      username TEXT NOT NULL,
      display_name TEXT NOT NULL,
      seen_at BIGINT NOT NULL,
      PRIMARY KEY (source, subject)
    );
  `,
};
