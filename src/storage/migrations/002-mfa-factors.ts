// Second factors: TOTP (its secret encrypted, the last time step accepted) and WebAuthn credentials
// (public key, signature counter).
import type { Migration } from '../types.ts';

export const mfaFactors: Migration = {
  id: 2,
  name: 'mfa factors',
  sql: `
    CREATE TABLE mfa_factors (
      id TEXT PRIMARY KEY,
      source TEXT NOT NULL,
      subject TEXT NOT NULL,
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      last_used_at BIGINT,
      totp_secret TEXT,
      totp_last_step BIGINT,
      credential_id TEXT UNIQUE,
      public_key TEXT,
      sign_count BIGINT,
      transports TEXT
    );
    CREATE INDEX mfa_factors_person ON mfa_factors (source, subject);
  `,
};
