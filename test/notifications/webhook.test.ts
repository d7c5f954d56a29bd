// Issuances of a role marked notify: true reach the webhook: a test receiver checks each delivery
// with verifyWebhook() (imported as receivers do, from the package), a replay past the window and a
// tampered body are refused by it, roles without notify send nothing, and a receiver answering 500
// is retried with exponential back-off (an injected clock; nothing waits for real).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyWebhook } from 'roleport/verify-webhook';
import { api, deviceToken, signedIn } from '../api/device-helpers.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { type Client, hiddenField } from '../support/http-client.ts';
import { type WebhookReceiver, startWebhookReceiver } from '../support/webhook-receiver.ts';
import { NOTIFYING_ROLE, WEBHOOK_SECRET, notifyingDemo, notifyingEnv, shiftedClock } from './notifying-demo.ts';

async function issueKeys(client: Client, role: string): Promise<{ response: Response; html: string }> {
  const page = await client.get(`/keys/${role}`);
  const csrf = hiddenField(await page.text(), '_csrf')!;
  const response = await client.post(`/keys/${role}`, { _csrf: csrf });
  return { response, html: await response.text() };
}

const outboxRows = async (app: TestApp) => (await app.ctx.storage.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM webhook_outbox'))!.n;

describe('a webhook that answers', () => {
  const clock = shiftedClock();
  let receiver: WebhookReceiver;
  let app: TestApp;
  before(async () => {
    receiver = await startWebhookReceiver({ clock: clock.now });
    app = await startTestApp({ clock: clock.now, env: notifyingEnv(), config: (url) => notifyingDemo(url, receiver.url) });
  });
  after(async () => {
    await app?.close();
    await receiver?.close();
  });

  test("alice's keys for a notify role are posted, signed, naming who, what, which door and until when, and no key", async () => {
    const alice = await signedIn(app.url, 'alice');
    const { response, html } = await issueKeys(alice, NOTIFYING_ROLE);
    assert.equal(response.status, 200);
    const accessKeyId = /ASIA[A-Z0-9]{16}/.exec(html)![0];
    await app.ctx.notifier.deliverDue();

    assert.equal(receiver.deliveries.length, 1);
    const [delivery] = receiver.deliveries;
    const event = verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: WEBHOOK_SECRET, now: clock.now() });
    assert.equal(delivery.headers['content-type'], 'application/json');
    assert.equal(delivery.headers['roleport-delivery'], event.id);
    assert.match(String(delivery.headers['roleport-signature']), /^v1=[0-9a-f]{64}$/);
    const { id, issuedAt, expiresAt, ...rest } = event;
    assert.deepEqual(rest, {
      event: 'credentials.issued',
      person: { source: 'demo', username: 'alice' },
      role: 'sandbox-dev/Developer',
      roleArn: 'arn:aws:iam::222222222222:role/Developer',
      account: { name: 'sandbox-dev', id: '222222222222' },
      method: 'assume-role',
      door: 'web',
      requestId: response.headers.get('x-request-id'),
    });
    assert.ok(Math.abs(Date.parse(issuedAt) - clock.now().getTime()) < 60_000);
    assert.ok(Date.parse(expiresAt) > Date.parse(issuedAt) + 11 * 3600_000, 'the demo issues 12-hour keys');
    assert.ok(!delivery.body.includes(accessKeyId), 'no access key id');
    assert.doesNotMatch(delivery.body, /secret|token|signin/i);
  });

  test('a console link opened through the API is posted with door api; replayed past the window, or tampered with, verifyWebhook refuses it', async () => {
    const token = await deviceToken(app, 'alice');
    const opened = await api(app.url, `/roles/${NOTIFYING_ROLE}/console`, { token, body: {} });
    assert.equal(opened.status, 200, JSON.stringify(opened.json));
    const before = receiver.deliveries.length;
    await app.ctx.notifier.deliverDue();
    assert.equal(receiver.deliveries.length, before + 1);
    const delivery = receiver.deliveries.at(-1)!;
    const event = verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: WEBHOOK_SECRET, now: clock.now() });
    assert.equal(event.event, 'console.opened');
    assert.equal(event.door, 'api');
    assert.equal(event.role, NOTIFYING_ROLE);

    const sixMinutesLater = new Date(clock.now().getTime() + 301_000);
    assert.throws(() => verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: WEBHOOK_SECRET, now: sixMinutesLater }), {
      name: 'WebhookVerificationError',
      message: /outside the 300-second replay window/,
    });
    const tampered = delivery.body.replace('"sandbox-dev/Developer"', '"sandbox-dev/ReadOnly"');
    assert.notEqual(tampered, delivery.body);
    assert.throws(() => verifyWebhook({ body: tampered, headers: delivery.headers, secret: WEBHOOK_SECRET, now: clock.now() }), { message: 'the signature does not match the body and timestamp' });
    assert.throws(() => verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: 'another-secret-another-secret-another', now: clock.now() }), { message: 'the signature does not match the body and timestamp' });
    assert.throws(() => verifyWebhook({ body: delivery.body, headers: { ...delivery.headers, 'roleport-timestamp': undefined }, secret: WEBHOOK_SECRET }), { message: 'missing or malformed roleport-timestamp header' });
  });

  test('keys and console links of roles without notify send nothing and queue nothing', async () => {
    const before = { received: receiver.deliveries.length, queued: await outboxRows(app) };
    const bob = await signedIn(app.url, 'bob');
    assert.equal((await issueKeys(bob, 'sandbox-prod/ReadOnly')).response.status, 200);
    const alice = await signedIn(app.url, 'alice');
    assert.equal((await issueKeys(alice, 'sandbox-dev/ReadOnly')).response.status, 200);
    const opened = await alice.get('/console/sandbox-dev/ReadOnly', { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(opened.status, 302);
    await app.ctx.notifier.deliverDue();
    assert.equal(receiver.deliveries.length, before.received);
    assert.equal(await outboxRows(app), before.queued);
  });
});

describe('a webhook that fails', () => {
  const clock = shiftedClock();
  let receiver: WebhookReceiver;
  let app: TestApp;
  before(async () => {
    receiver = await startWebhookReceiver({ clock: clock.now });
    receiver.status = 500;
    app = await startTestApp({ clock: clock.now, env: notifyingEnv(), config: (url) => notifyingDemo(url, receiver.url) });
  });
  after(async () => {
    await app?.close();
    await receiver?.close();
  });

  test('a receiver answering 500 gets the same delivery again after 30s, then 60s, then 120s, until it answers 200, then never again', async () => {
    const bob = await signedIn(app.url, 'bob');
    assert.equal((await issueKeys(bob, NOTIFYING_ROLE)).response.status, 200, 'the issuance does not wait for the webhook');
    const attempts = async () => {
      await app.ctx.notifier.deliverDue();
      return receiver.deliveries.length;
    };
    assert.equal(await attempts(), 1);
    assert.equal(await attempts(), 1, 'not due again at once');
    clock.pass(29);
    assert.equal(await attempts(), 1);
    clock.pass(2);
    assert.equal(await attempts(), 2, 'retried after 30s');
    clock.pass(59);
    assert.equal(await attempts(), 2);
    clock.pass(2);
    assert.equal(await attempts(), 3, 'then after 60s');
    receiver.status = 200;
    clock.pass(119);
    assert.equal(await attempts(), 3);
    clock.pass(2);
    assert.equal(await attempts(), 4, 'then after 120s');
    clock.pass(3 * 3600);
    assert.equal(await attempts(), 4, 'delivered: never sent again');

    const ids = new Set(receiver.deliveries.map((d) => d.headers['roleport-delivery']));
    assert.equal(ids.size, 1, 'one delivery, four attempts');
    assert.equal(new Set(receiver.deliveries.map((d) => d.body)).size, 1, 'the same body each time');
    for (const delivery of receiver.deliveries) verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: WEBHOOK_SECRET, now: delivery.receivedAt });
    const failures = app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'webhook delivery failed; it will be retried');
    assert.deepEqual(failures.map((entry) => [entry.error, entry.retryInSeconds]), [['the receiver answered HTTP 500', 30], ['the receiver answered HTTP 500', 60], ['the receiver answered HTTP 500', 120]]);
  });
});

describe('a webhook that never answers', () => {
  const clock = shiftedClock();
  let receiver: WebhookReceiver;
  let app: TestApp;
  before(async () => {
    receiver = await startWebhookReceiver({ clock: clock.now });
    receiver.status = 0;
    app = await startTestApp({ clock: clock.now, env: notifyingEnv(), config: (url) => notifyingDemo(url, receiver.url, { timeout: '60s' }) });
  });
  after(async () => {
    await app?.close();
    await receiver?.close();
  });

  test('keys come at once while the delivery hangs; stopping Roleport cuts the attempt short and leaves it due for the next process', async () => {
    const bob = await signedIn(app.url, 'bob');
    assert.equal((await issueKeys(bob, NOTIFYING_ROLE)).response.status, 200);
    while (receiver.deliveries.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const stoppedAt = Date.now();
    await app.ctx.notifier.stop();
    assert.ok(Date.now() - stoppedAt < 5000, 'the stop does not wait out the 60s timeout');
    const row = await app.ctx.storage.db.get<{ state: string; attempts: number; next_attempt_at: number; last_error: string }>('SELECT state, attempts, next_attempt_at, last_error FROM webhook_outbox');
    assert.deepEqual({ ...row, attempts: Number(row?.attempts) }, { state: 'pending', attempts: 1, next_attempt_at: row?.next_attempt_at, last_error: 'Roleport stopped during the attempt' });
    assert.ok(Number(row?.next_attempt_at) <= clock.now().getTime(), 'due at once');
  });
});
