// A Redis that hangs (SIGSTOPped: it accepts connections and answers nothing) fails a page within
// timeouts.store with a 503 that says what to do, counted in a metric; once it answers, the
// session is there again.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { type RedisServer, startRedisServer } from '../peers/redis-server.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';
import { metricSample } from '../support/metric.ts';

let redis: RedisServer;
let app: TestApp;

before(async () => {
  // A private Redis of this test's own, which it pauses; never the shared one.
  redis = await startRedisServer();
  const config = baseConfig({ timeouts: { store: '1s' }, session: { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix: 'roleport-hung:' } } });
  app = await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL: redis.url } });
});
after(async () => {
  await redis?.close();
  await app?.close();
});

const missed = () => metricSample(app.url, 'roleport_store_deadline_missed_total{store="redis"}');

test('with timeouts.store 1s, a SIGSTOPped Redis fails a signed-in page within 5 s with a 503; after SIGCONT the session serves again', async () => {
  const client = createClient(app.url);
  assert.equal((await client.login('alice', PASSWORDS.alice)).status, 303);
  assert.equal((await client.get('/')).status, 200);
  const before = await missed();

  redis.pause();
  const started = performance.now();
  const hung = await client.get('/');
  const seconds = (performance.now() - started) / 1000;
  assert.equal(hung.status, 503);
  assert.ok(seconds < 5, `answered after ${seconds.toFixed(1)} s`);
  const page = await hung.text();
  assert.match(page, /Roleport is unavailable for a moment/);
  assert.match(page, /Roleport cannot reach its shared store for a moment; try again in a minute/);
  assert.equal(await missed(), before + 1, 'the missed deadline is counted');
  const again = performance.now();
  assert.equal((await client.get('/')).status, 503, 'while it hangs, the next page fails too');
  assert.ok((performance.now() - again) / 1000 < 5);

  redis.resume();
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = (await client.get('/')).status;
    if (status !== 200) await sleep(100);
  }
  assert.equal(status, 200, 'the same session serves once Redis answers');
});
