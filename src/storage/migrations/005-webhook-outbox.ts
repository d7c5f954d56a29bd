// Notifications waiting for the webhook: each row is one delivery (its body as first signed), kept
// until the receiver takes it or Roleport gives up; a lease says which replica is sending it.
import type { Migration } from '../types.ts';

export const webhookOutbox: Migration = {
  id: 5,
  name: 'webhook outbox',
  sql: `
    CREATE TABLE webhook_outbox (
      id TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      state TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      attempts INTEGER NOT NULL,
      next_attempt_at BIGINT NOT NULL,
      lease_until BIGINT NOT NULL,
      lease_owner TEXT,
      finished_at BIGINT,
      last_error TEXT
    );
    CREATE INDEX webhook_outbox_due ON webhook_outbox (state, next_attempt_at);
  `,
};
