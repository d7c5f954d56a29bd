// A delivery pending across a restart arrives, once: the receiver is down when alice gets her keys;
// Roleport stops; a new Roleport opens the same sqlite file; the receiver comes up; the delivery
// reaches it at its retry time, and never again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { verifyWebhook } from '../../src/notifications/index.ts';
import { signedIn } from '../api/device-helpers.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { freePort } from '../support/free-port.ts';
import { hiddenField } from '../support/http-client.ts';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.ts';
import { NOTIFYING_ROLE, WEBHOOK_SECRET, notifyingDemo, notifyingEnv, shiftedClock } from './notifying-demo.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-webhook-restart-'));
const clock = shiftedClock();
const env = notifyingEnv();
let app: TestApp | undefined;
let receiver: WebhookReceiver | undefined;
after(async () => {
  await app?.close();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a delivery the receiver missed before a restart arrives exactly once after it, from the new process', async () => {
  const port = await freePort();
  const hook = `http://127.0.0.1:${port}/roleport-hook`;
  const start = () => startTestApp({ clock: clock.now, env, config: (url) => ({ ...notifyingDemo(url, hook), storage: { type: 'sqlite', path: join(dir, 'roleport.db') } }) });

  app = await start();
  const alice = await signedIn(app.url, 'alice');
  const page = await alice.get(`/keys/${NOTIFYING_ROLE}`);
  const issued = await alice.post(`/keys/${NOTIFYING_ROLE}`, { _csrf: hiddenField(await page.text(), '_csrf')! });
  assert.equal(issued.status, 200, 'the keys come whether or not the receiver is up');
  await app.ctx.notifier.deliverDue();
  const pending = await app.ctx.storage.db.get<{ state: string; attempts: number; last_error: string }>('SELECT state, attempts, last_error FROM webhook_outbox');
  assert.equal(pending?.state, 'pending');
  assert.equal(pending?.attempts, 1);
  assert.match(pending?.last_error ?? '', /^could not reach the receiver \(ECONNREFUSED\)$/);
  await app.close();
  app = undefined;

  receiver = await startWebhookReceiver({ clock: clock.now, port });
  app = await start();
  await app.ctx.notifier.deliverDue();
  assert.equal(receiver.deliveries.length, 0, 'not before its retry time');
  clock.pass(31);
  await app.ctx.notifier.deliverDue();
  assert.equal(receiver.deliveries.length, 1);
  const event = verifyWebhook({ body: receiver.deliveries[0].body, headers: receiver.deliveries[0].headers, secret: WEBHOOK_SECRET, now: clock.now() });
  assert.equal(event.event, 'credentials.issued');
  assert.deepEqual(event.person, { source: 'demo', username: 'alice' });
  assert.equal(event.role, NOTIFYING_ROLE);

  clock.pass(6 * 3600);
  await app.ctx.notifier.deliverDue();
  assert.equal(receiver.deliveries.length, 1, 'delivered once');
  await app.close();
  app = await start();
  clock.pass(6 * 3600);
  await app.ctx.notifier.deliverDue();
  assert.equal(receiver.deliveries.length, 1, 'and not again after another restart');
});
