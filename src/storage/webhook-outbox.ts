// The durable outbox of webhook deliveries. A replica claims due rows with a lease (one UPDATE whose
// WHERE re-checks the lease, plus FOR UPDATE SKIP LOCKED on PostgreSQL), so several replicas never
// send the same row at once; a replica that dies mid-send leaves a lease that simply runs out.
import type { SqlDatabase } from './types.ts';

export type OutboxDelivery = { id: string; body: string; attempts: number };

export type WebhookOutbox = {
  /** Queues a delivery, due at once. */
  add(delivery: { id: string; body: string }, at: number): Promise<void>;
  /** Claims up to `limit` due deliveries for `owner` until `leaseUntil`; each claim counts as an attempt. */
  claimDue(options: { now: number; leaseUntil: number; owner: string; limit: number }): Promise<OutboxDelivery[]>;
  /** The receiver took it: it is never sent again. */
  delivered(id: string, owner: string, at: number): Promise<void>;
  /** The attempt failed: due again at `nextAttemptAt`. */
  retryAt(id: string, owner: string, nextAttemptAt: number, error: string): Promise<void>;
  /** The last attempt failed: kept as abandoned, never sent again. */
  abandoned(id: string, owner: string, at: number, error: string): Promise<void>;
  /** Removes finished rows older than `before`. */
  prune(before: number): Promise<number>;
};

export function createWebhookOutbox(db: SqlDatabase): WebhookOutbox {
  const finish = (state: 'delivered' | 'abandoned', id: string, owner: string, at: number, error: string | null) =>
    db.run(`UPDATE webhook_outbox SET state = ?, finished_at = ?, lease_until = 0, lease_owner = NULL, last_error = ? WHERE id = ? AND lease_owner = ?`, [state, at, error, id, owner]);
  return {
    async add(delivery, at) {
      await db.run(`INSERT INTO webhook_outbox (id, body, state, created_at, attempts, next_attempt_at, lease_until) VALUES (?, ?, 'pending', ?, 0, ?, 0)`, [delivery.id, delivery.body, at, at]);
    },
    async claimDue({ now, leaseUntil, owner, limit }) {
      const due = `state = 'pending' AND next_attempt_at <= ? AND lease_until <= ?`;
      const skipLocked = db.engine === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
      const rows = await db.all<{ id: string; body: string; attempts: number }>(
        `UPDATE webhook_outbox SET lease_until = ?, lease_owner = ?, attempts = attempts + 1
         WHERE ${due} AND id IN (SELECT id FROM webhook_outbox WHERE ${due} ORDER BY next_attempt_at, id LIMIT ${Math.trunc(limit)}${skipLocked})
         RETURNING id, body, attempts`,
        [leaseUntil, owner, now, now, now, now],
      );
      return rows.map((row) => ({ id: row.id, body: row.body, attempts: Number(row.attempts) }));
    },
    async delivered(id, owner, at) {
      await finish('delivered', id, owner, at, null);
    },
    async retryAt(id, owner, nextAttemptAt, error) {
      await db.run(`UPDATE webhook_outbox SET next_attempt_at = ?, lease_until = 0, lease_owner = NULL, last_error = ? WHERE id = ? AND lease_owner = ?`, [nextAttemptAt, error, id, owner]);
    },
    async abandoned(id, owner, at, error) {
      await finish('abandoned', id, owner, at, error);
    },
    prune: (before) => db.run(`DELETE FROM webhook_outbox WHERE state <> 'pending' AND finished_at < ?`, [before]),
  };
}
