// Sends queued notifications to the webhook, away from the issuance that queued them: a pass claims
// due rows of the outbox (a lease, so replicas never send one row twice at once), posts each, and
// marks it delivered, due again after a back-off, or abandoned. Passes run on a timer, right after a
// notification is queued, and on demand (tests drive them with an injected clock).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { WebhookConfig } from '../config/index.ts';
import type { Logger } from '../log.ts';
import { webhookDeliveries } from '../metrics.ts';
import type { WebhookOutbox } from '../storage/index.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import { retryDelaySeconds } from './retry-delay.ts';
import type { IssuanceNotification } from './types.ts';

const POLL_MS = 5000;
const BATCH = 20;
/** A claimed row is held this much longer than one attempt may take. */
const LEASE_MARGIN_SECONDS = 30;
/** Delivered and abandoned rows are kept this long (for a look in the database), then pruned. */
const KEEP_FINISHED_MS = 7 * 86400_000;
const PRUNE_EVERY_MS = 3600_000;

export type Notifier = {
  /** Queues a notification durably (the webhook is not awaited); resolves once it is stored. */
  queue(notification: Omit<IssuanceNotification, 'id'>): Promise<void>;
  /** Runs a pass now (after any running one) and resolves when it is done. */
  deliverDue(): Promise<void>;
  start(): void;
  /** Stops the timer, cuts attempts in flight short (they stay pending) and waits for the pass in progress. */
  stop(): Promise<void>;
};

export function createNotifier(options: { outbox: WebhookOutbox; webhook: () => WebhookConfig | undefined; clock: () => Date; logger: Logger }): Notifier {
  const { outbox, clock } = options;
  const logger = options.logger.child({ channel: 'notifications' });
  const owner = randomUUID();
  // Passes run outside the request that queued them, so their log lines do not carry its id.
  const outside = AsyncLocalStorage.snapshot();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let prunedAt = Number.NEGATIVE_INFINITY;

  async function attempt(webhook: WebhookConfig, delivery: { id: string; body: string; attempts: number }): Promise<void> {
    const outcome = await deliverWebhook({ url: webhook.url, secret: webhook.secret.value, id: delivery.id, body: delivery.body, now: clock(), timeoutSeconds: webhook.timeout, stop: stopping.signal });
    const at = clock().getTime();
    const where = new URL(webhook.url).origin; // never the path or query, which may be secret to the receiver
    if (outcome.ok) {
      webhookDeliveries.inc({ outcome: 'delivered' });
      await outbox.delivered(delivery.id, owner, at);
      logger.info({ delivery: delivery.id, attempts: delivery.attempts, receiver: where }, 'webhook delivered');
    } else if (stopping.signal.aborted) {
      // Cut short by a stop: due at once for the next process (or another replica).
      await outbox.retryAt(delivery.id, owner, at, outcome.error);
    } else if (delivery.attempts >= webhook.maxAttempts) {
      webhookDeliveries.inc({ outcome: 'abandoned' });
      await outbox.abandoned(delivery.id, owner, at, outcome.error);
      logger.error({ delivery: delivery.id, attempts: delivery.attempts, receiver: where, error: outcome.error }, 'webhook delivery abandoned after its last attempt');
    } else {
      webhookDeliveries.inc({ outcome: 'failed' });
      const wait = retryDelaySeconds(delivery.attempts, webhook.retryDelay, webhook.maxRetryDelay);
      await outbox.retryAt(delivery.id, owner, at + wait * 1000, outcome.error);
      logger.warn({ delivery: delivery.id, attempts: delivery.attempts, receiver: where, error: outcome.error, retryInSeconds: wait }, 'webhook delivery failed; it will be retried');
    }
  }

  async function pass(): Promise<void> {
    const webhook = options.webhook();
    if (!webhook) return;
    for (;;) {
      const now = clock().getTime();
      const claimed = await outbox.claimDue({ now, leaseUntil: now + (webhook.timeout + LEASE_MARGIN_SECONDS) * 1000, owner, limit: BATCH });
      await Promise.all(claimed.map((delivery) => attempt(webhook, delivery)));
      if (claimed.length < BATCH || stopped) break;
    }
    const now = clock().getTime();
    if (now - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now;
      await outbox.prune(now - KEEP_FINISHED_MS);
    }
  }

  /** A pass waiting for the running one: it has not started, so it covers whatever is due by then. */
  let waiting: Promise<void> | undefined;
  function deliverDue(): Promise<void> {
    if (waiting) return waiting;
    const next = running.then(() => {
      waiting = undefined;
      return outside(pass);
    });
    running = waiting = next.catch((error) => logger.error({ err: error }, 'webhook pass failed; the next one retries'));
    return running;
  }

  return {
    async queue(notification) {
      const id = randomUUID();
      await outbox.add({ id, body: JSON.stringify({ id, ...notification }) }, clock().getTime());
      if (!stopped) void deliverDue();
    },
    deliverDue,
    start() {
      timer ??= setInterval(() => void deliverDue(), POLL_MS).unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
