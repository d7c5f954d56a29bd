// Recovery codes as keyed hashes: a set replaced as a whole, each usable once.
import type { PersonKey, SqlDatabase } from './types.ts';

export type RecoveryCodeStore = {
  /** Replaces the person's codes with these hashes. */
  replace(person: PersonKey, hashes: string[], at: number): Promise<void>;
  /** Marks the code with this hash used; false when it is unknown or used already. */
  use(person: PersonKey, hash: string, at: number): Promise<boolean>;
  remaining(person: PersonKey): Promise<number>;
  removeAll(person: PersonKey): Promise<number>;
};

export function createRecoveryCodeStore(db: SqlDatabase): RecoveryCodeStore {
  return {
    async replace(p, hashes, at) {
      // The new set first, then everything else goes: never a moment without codes, and no
      // transaction held open across awaits (SQLite shares its file with the audit store).
      if (hashes.length > 0) {
        await db.run(
          `INSERT INTO mfa_recovery_codes (source, subject, code_hash, created_at) VALUES ${hashes.map(() => '(?, ?, ?, ?)').join(', ')}`,
          hashes.flatMap((hash) => [p.source, p.subject, hash, at]),
        );
      }
      await db.run(
        `DELETE FROM mfa_recovery_codes WHERE source = ? AND subject = ?${hashes.length > 0 ? ` AND code_hash NOT IN (${hashes.map(() => '?').join(', ')})` : ''}`,
        [p.source, p.subject, ...hashes],
      );
    },
    async use(p, hash, at) {
      return (await db.run('UPDATE mfa_recovery_codes SET used_at = ? WHERE source = ? AND subject = ? AND code_hash = ? AND used_at IS NULL', [at, p.source, p.subject, hash])) === 1;
    },
    async remaining(p) {
      const row = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM mfa_recovery_codes WHERE source = ? AND subject = ? AND used_at IS NULL', [p.source, p.subject]);
      return Number(row?.n ?? 0);
    },
    async removeAll(p) {
      return db.run('DELETE FROM mfa_recovery_codes WHERE source = ? AND subject = ?', [p.source, p.subject]);
    },
  };
}
