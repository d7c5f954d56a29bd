// The audit trail's hash chain: each row's hash covers its place, its record in a canonical form and
// the hash of the row before, so a row altered or removed after it was written breaks every hash
// from there on. A retention cut leaves a checkpoint: the hash at the cut, signed with an HMAC key.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditRecord } from './events.ts';

/** The hash before the first row. */
export const GENESIS = '0'.repeat(64);

/** JSON with every object's keys sorted, so a record hashes alike however a store hands it back. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function rowHash(prevHash: string, seq: number, record: AuditRecord): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${canonicalJson(record)}`).digest('hex');
}

/** A retention cut: rows up to `seq` were removed; `hash` is the hash of row `seq`. */
export type Checkpoint = { seq: number; hash: string; cutBefore: string; madeAt: string; signature: string };

export function signCheckpoint(key: string, checkpoint: Omit<Checkpoint, 'signature'>): string {
  return createHmac('sha256', key).update(`roleport-audit-checkpoint\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.cutBefore}\n${checkpoint.madeAt}`).digest('hex');
}

function signedBy(key: string, checkpoint: Checkpoint): boolean {
  const expected = Buffer.from(signCheckpoint(key, checkpoint), 'hex');
  const found = Buffer.from(checkpoint.signature, 'hex');
  return found.length === expected.length && timingSafeEqual(found, expected);
}

/** A row as a store keeps it: the chain's columns, the record, and the columns copied from it for queries. */
export type StoredRow = {
  seq: number;
  prevHash: string | null;
  hash: string | null;
  record: AuditRecord;
  columns: { id: string; atMs: number; event: string; outcome: string; username: string | null; source: string | null; account: string | null; role: string | null; ip: string | null; reason: string | null };
};

/** What verification reads from a store, in pages by seq. */
export type ChainReader = {
  checkpoints(): Promise<Checkpoint[]>;
  rowsAfter(seq: number, limit: number): Promise<StoredRow[]>;
  /** Rows without a place in the chain (none unless written outside Roleport). */
  unplaced(): Promise<number>;
};

export type Verification =
  | { intact: true; rows: number; unchained: number; checkpoint?: Checkpoint; head?: { seq: number; hash: string } }
  | { intact: false; seq: number; problem: string };

const PAGE = 1000;

function describe(row: StoredRow): string {
  return `row ${row.seq} (${row.record.event} at ${row.record.at}, id ${row.record.id})`;
}

/** The copied columns must say what the record says: a query on them sees what was written. */
function columnsDiffer(row: StoredRow): boolean {
  const r = row.record;
  const c = row.columns;
  const expected = [r.id, Date.parse(r.at), r.event, r.outcome, r.actor?.username ?? null, r.actor?.source ?? null, r.target?.account ?? null, r.target?.role ?? null, r.client?.ip ?? null, r.reason ?? null];
  const found = [c.id, c.atMs, c.event, c.outcome, c.username, c.source, c.account, c.role, c.ip, c.reason];
  return expected.some((value, i) => value !== found[i]);
}

/** Walks the whole trail from the newest checkpoint (or the start); reports the first row altered or removed. */
export async function verifyChain(reader: ChainReader, checkpointKey: string | undefined): Promise<Verification> {
  const checkpoints = (await reader.checkpoints()).sort((a, b) => a.seq - b.seq);
  for (const checkpoint of checkpoints) {
    if (!checkpointKey) return { intact: false, seq: checkpoint.seq, problem: `the trail has a retention checkpoint at row ${checkpoint.seq}, and audit.checkpointKey is not set to check its signature` };
    if (!signedBy(checkpointKey, checkpoint)) return { intact: false, seq: checkpoint.seq, problem: `the retention checkpoint at row ${checkpoint.seq} (made ${checkpoint.madeAt}) is not signed with audit.checkpointKey: forged, or made with another key` };
  }
  const unplaced = await reader.unplaced();
  if (unplaced > 0) return { intact: false, seq: 0, problem: `${unplaced} row${unplaced === 1 ? ' has' : 's have'} no place in the chain (seq is empty): added outside Roleport` };
  const checkpoint = checkpoints.at(-1);
  let expected = (checkpoint?.seq ?? 0) + 1;
  let prev = checkpoint?.hash ?? GENESIS;
  let rows = 0;
  let unchained = 0;
  let head: { seq: number; hash: string } | undefined;
  for (let page = await reader.rowsAfter(expected - 1, PAGE); page.length > 0; page = await reader.rowsAfter(expected - 1, PAGE)) {
    for (const row of page) {
      if (row.seq !== expected) {
        const gap = row.seq - 1 > expected ? `rows ${expected} to ${row.seq - 1} are missing: removed after they were` : `row ${expected} is missing: removed after it was`;
        return { intact: false, seq: expected, problem: `${gap} written (${describe(row)} comes next${checkpoint ? `; the newest checkpoint is at row ${checkpoint.seq}` : ''})` };
      }
      if (row.hash === null) {
        // Rows written before the chain existed lead the trail unhashed; none may follow a hashed one.
        if (head) return { intact: false, seq: row.seq, problem: `${describe(row)} has no hash: it was added or altered outside Roleport` };
        unchained++;
      } else {
        if (row.prevHash !== prev || rowHash(prev, row.seq, row.record) !== row.hash || columnsDiffer(row)) {
          return { intact: false, seq: row.seq, problem: `${describe(row)} was altered after it was written: its hash does not match its contents and the row before it` };
        }
        prev = row.hash;
        head = { seq: row.seq, hash: row.hash };
      }
      rows++;
      expected++;
    }
  }
  return { intact: true, rows, unchained, checkpoint, head };
}
