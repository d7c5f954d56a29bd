// The notifier on its own, over an in-memory outbox and a receiver that always answers 500: waits
// double up to maxRetryDelay, and after maxAttempts the delivery is abandoned, logged as an error and
// never sent again. Without a webhook (taken out by a reload) nothing is sent and nothing is lost.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import type { WebhookConfig } from '../../src/config/index.ts';
import { createLogger } from '../../src/log.ts';
import { type Notifier, createNotifier } from '../../src/notifications/index.ts';
import { type Storage, openStorage } from '../../src/storage/index.ts';
import { testClock } from '../support/clock.ts';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.ts';

const clock = testClock();
const logs: { msg: string; error?: string; attempts?: number }[] = [];
const logger = createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _encoding, done) => (logs.push(...String(chunk).split('\n').filter(Boolean).map((line) => JSON.parse(line))), done()) }) });
let storage: Storage;
let receiver: WebhookReceiver;
let webhook: WebhookConfig | undefined;
let notifier: Notifier;

before(async () => {
  storage = await openStorage({ type: 'sqlite', path: ':memory:' });
  receiver = await startWebhookReceiver({ clock: clock.now });
  receiver.status = 500;
  webhook = { url: receiver.url, secret: { value: 'a-webhook-secret-of-at-least-32-characters', from: 'test' }, timeout: 5, retryDelay: 30, maxRetryDelay: 45, maxAttempts: 3 };
  notifier = createNotifier({ outbox: storage.webhookOutbox, webhook: () => webhook, clock: clock.now, logger });
});
after(async () => {
  await notifier?.stop();
  await receiver?.close();
  await storage?.close();
});

const notification = { event: 'credentials.issued', person: { source: 'corp', username: 'alice' }, role: 'prod/Admin', roleArn: 'arn:aws:iam::111111111111:role/Admin', account: { name: 'prod', id: '111111111111' }, method: 'assume-role', door: 'web', issuedAt: clock.now().toISOString(), expiresAt: clock.now().toISOString() } as const;
const attempts = async () => {
  await notifier.deliverDue();
  return receiver.deliveries.length;
};

test('waits of 30s then 45s (capped by maxRetryDelay), then the third failure abandons it, logged, never sent again', async () => {
  await notifier.queue(notification);
  assert.equal(await attempts(), 1);
  clock.advance(30);
  assert.equal(await attempts(), 2);
  clock.advance(44);
  assert.equal(await attempts(), 2, 'not 60s: the cap is 45s');
  clock.advance(1);
  assert.equal(await attempts(), 3);
  clock.advance(86400);
  assert.equal(await attempts(), 3, 'abandoned after maxAttempts');
  const abandoned = logs.filter((entry) => entry.msg === 'webhook delivery abandoned after its last attempt');
  assert.deepEqual(abandoned.map((entry) => [entry.attempts, entry.error]), [[3, 'the receiver answered HTTP 500']]);
  const row = await storage.db.get<{ state: string }>('SELECT state FROM webhook_outbox');
  assert.equal(row?.state, 'abandoned');
});

test('without a webhook nothing is sent, and what was queued goes out once one is configured again', async () => {
  receiver.status = 200;
  const configured = webhook;
  webhook = undefined;
  const before = receiver.deliveries.length;
  await notifier.queue({ ...notification, role: 'prod/ReadOnly' });
  clock.advance(3600);
  assert.equal(await attempts(), before);
  webhook = configured;
  assert.equal(await attempts(), before + 1);
  assert.equal(JSON.parse(receiver.deliveries.at(-1)!.body).role, 'prod/ReadOnly');
});
