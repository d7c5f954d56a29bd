// A person's second factors as rows. Secrets arrive here already encrypted; the checks that must
// hold across replicas (a TOTP step used once, a signature counter that only grows) are single
// conditional UPDATEs, so two requests racing cannot both win.
import { type Person, toPerson } from './people.ts';
import type { PersonKey, SqlDatabase } from './types.ts';

export type FactorKind = 'totp' | 'webauthn';

export type StoredFactor = {
  id: string;
  person: PersonKey;
  kind: FactorKind;
  name: string;
  createdAt: number;
  lastUsedAt?: number;
  /** TOTP: the secret as encrypted text, and the last time step accepted. */
  totp?: { encryptedSecret: string; lastStep?: number };
  /** WebAuthn: the credential (base64url id and public key), its signature counter and transports. */
  webauthn?: { credentialId: string; publicKey: string; signCount: number; transports: string[] };
};

export type FactorStore = {
  list(person: PersonKey): Promise<StoredFactor[]>;
  count(person: PersonKey): Promise<number>;
  add(factor: StoredFactor): Promise<void>;
  rename(person: PersonKey, id: string, name: string): Promise<boolean>;
  remove(person: PersonKey, id: string): Promise<boolean>;
  removeAll(person: PersonKey): Promise<number>;
  /** Marks a TOTP step as used; false when that step (or a later one) was used already. */
  claimTotpStep(person: PersonKey, id: string, step: number, at: number): Promise<boolean>;
  /** Stores a WebAuthn counter; false when it does not move forward (a cloned authenticator). */
  advanceSignCount(person: PersonKey, id: string, signCount: number, at: number): Promise<boolean>;
  /** People with at least one factor, for administrators, by username. */
  people(): Promise<(Person & { factors: number })[]>;
};

type FactorRow = {
  id: string; source: string; subject: string; kind: string; name: string; created_at: number; last_used_at: number | null;
  totp_secret: string | null; totp_last_step: number | null; credential_id: string | null; public_key: string | null; sign_count: number | null; transports: string | null;
};

function toFactor(row: FactorRow): StoredFactor {
  const factor: StoredFactor = {
    id: row.id,
    person: { source: row.source, subject: row.subject },
    kind: row.kind === 'webauthn' ? 'webauthn' : 'totp',
    name: row.name,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? undefined : Number(row.last_used_at),
  };
  if (row.totp_secret !== null) factor.totp = { encryptedSecret: row.totp_secret, lastStep: row.totp_last_step === null ? undefined : Number(row.totp_last_step) };
  if (row.credential_id !== null && row.public_key !== null)
    factor.webauthn = { credentialId: row.credential_id, publicKey: row.public_key, signCount: Number(row.sign_count ?? 0), transports: row.transports ? row.transports.split(',') : [] };
  return factor;
}

const WHERE_PERSON = 'source = ? AND subject = ?';

export function createFactorStore(db: SqlDatabase): FactorStore {
  const person = (p: PersonKey) => [p.source, p.subject];
  return {
    async list(p) {
      return (await db.all<FactorRow>(`SELECT * FROM mfa_factors WHERE ${WHERE_PERSON} ORDER BY created_at, id`, person(p))).map(toFactor);
    },
    async count(p) {
      const row = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM mfa_factors WHERE ${WHERE_PERSON}`, person(p));
      return Number(row?.n ?? 0);
    },
    async add(f) {
      await db.run(
        `INSERT INTO mfa_factors (id, source, subject, kind, name, created_at, last_used_at, totp_secret, totp_last_step, credential_id, public_key, sign_count, transports)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          f.id, f.person.source, f.person.subject, f.kind, f.name, f.createdAt, f.lastUsedAt ?? null,
          f.totp?.encryptedSecret ?? null, f.totp?.lastStep ?? null,
          f.webauthn?.credentialId ?? null, f.webauthn?.publicKey ?? null, f.webauthn?.signCount ?? null, f.webauthn ? f.webauthn.transports.join(',') : null,
        ],
      );
    },
    async rename(p, id, name) {
      return (await db.run(`UPDATE mfa_factors SET name = ? WHERE id = ? AND ${WHERE_PERSON}`, [name, id, ...person(p)])) === 1;
    },
    async remove(p, id) {
      return (await db.run(`DELETE FROM mfa_factors WHERE id = ? AND ${WHERE_PERSON}`, [id, ...person(p)])) === 1;
    },
    async removeAll(p) {
      return db.run(`DELETE FROM mfa_factors WHERE ${WHERE_PERSON}`, person(p));
    },
    async claimTotpStep(p, id, step, at) {
      const changed = await db.run(
        `UPDATE mfa_factors SET totp_last_step = ?, last_used_at = ? WHERE id = ? AND ${WHERE_PERSON} AND kind = 'totp' AND (totp_last_step IS NULL OR totp_last_step < ?)`,
        [step, at, id, ...person(p), step],
      );
      return changed === 1;
    },
    async advanceSignCount(p, id, signCount, at) {
      // Authenticators that keep no counter always report 0; any other counter must grow.
      const changed = await db.run(
        `UPDATE mfa_factors SET sign_count = ?, last_used_at = ? WHERE id = ? AND ${WHERE_PERSON} AND kind = 'webauthn' AND (sign_count < ? OR (sign_count = 0 AND ? = 0))`,
        [signCount, at, id, ...person(p), signCount, signCount],
      );
      return changed === 1;
    },
    async people() {
      const rows = await db.all<{ source: string; subject: string; username: string | null; display_name: string | null; seen_at: number | null; factors: number }>(
        `SELECT f.source, f.subject, p.username, p.display_name, p.seen_at, COUNT(*) AS factors
         FROM mfa_factors f LEFT JOIN people p ON p.source = f.source AND p.subject = f.subject
         GROUP BY f.source, f.subject, p.username, p.display_name, p.seen_at ORDER BY p.username, f.subject`,
      );
      return rows.map((row) => ({
        ...toPerson({ source: row.source, subject: row.subject, username: row.username ?? row.subject, display_name: row.display_name ?? row.subject, seen_at: Number(row.seen_at ?? 0) }),
        factors: Number(row.factors),
      }));
    },
  };
}
