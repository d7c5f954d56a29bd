// The roles a person used last (console opened or keys issued, from any door): a few rows each,
// the oldest dropped as a new one comes in.
import type { PersonKey, SqlDatabase } from './types.ts';

export const RECENT_ROLES_KEPT = 5;

export type RecentRole = { roleKey: string; usedAt: number };

export type RecentRoleStore = {
  /** The person's last roles, the latest first. */
  list(person: PersonKey): Promise<RecentRole[]>;
  /** Records a use of the role now; only the last RECENT_ROLES_KEPT roles are kept, in the order of their last use. */
  touch(person: PersonKey, roleKey: string, at: number): Promise<void>;
};

const LATEST_FIRST = 'ORDER BY used_at DESC, role_key';

export function createRecentRoleStore(db: SqlDatabase): RecentRoleStore {
  return {
    async list(p) {
      const rows = await db.all<{ role_key: string; used_at: number }>(
        `SELECT role_key, used_at FROM recent_roles WHERE source = ? AND subject = ? ${LATEST_FIRST} LIMIT ${RECENT_ROLES_KEPT}`,
        [p.source, p.subject],
      );
      return rows.map((row) => ({ roleKey: row.role_key, usedAt: Number(row.used_at) }));
    },
    async touch(p, roleKey, at) {
      // Only the order shows: the person's latest role used again changes nothing, so nothing is written.
      const latest = await db.get<{ role_key: string }>(`SELECT role_key FROM recent_roles WHERE source = ? AND subject = ? ${LATEST_FIRST} LIMIT 1`, [p.source, p.subject]);
      if (latest?.role_key === roleKey) return;
      // A role already among the person's recent ones only moves up: the set does not grow, nothing to drop.
      const moved = await db.run('UPDATE recent_roles SET used_at = ? WHERE source = ? AND subject = ? AND role_key = ?', [at, p.source, p.subject, roleKey]);
      if (moved > 0) return;
      await db.run(
        `INSERT INTO recent_roles (source, subject, role_key, used_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (source, subject, role_key) DO UPDATE SET used_at = excluded.used_at`,
        [p.source, p.subject, roleKey, at],
      );
      await db.run(
        `DELETE FROM recent_roles WHERE source = ? AND subject = ? AND role_key NOT IN
           (SELECT role_key FROM recent_roles WHERE source = ? AND subject = ? ${LATEST_FIRST} LIMIT ${RECENT_ROLES_KEPT})`,
        [p.source, p.subject, p.source, p.subject],
      );
    },
  };
}
