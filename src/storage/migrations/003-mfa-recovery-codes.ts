// One-time recovery codes, kept only as keyed hashes; a used code keeps its row with used_at set.
import type { Migration } from '../types.ts';

export const mfaRecoveryCodes: Migration = {
  id: 3,
  name: 'mfa recovery codes',
  sql: `
    CREATE TABLE mfa_recovery_codes (
      source TEXT NOT NULL,
      subject TEXT NOT NULL,
      code_hash TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      used_at BIGINT,
      PRIMARY KEY (source, subject, code_hash)
    );
  `,
};
