// Sessions in Redis: two Roleport replicas share them, so no sticky sessions are needed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createClient as createRedisClient } from 'redis';
import { createClient } from '../support/http-client.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';

const REDIS_URL = process.env.ROLEPORT_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const prefix = `roleport-test-${randomBytes(4).toString('hex')}:`;
let first: TestApp;
let second: TestApp;

before(async () => {
  const config = baseConfig({ session: { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix } } });
  first = await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL } });
  second = await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL } });
});
after(async () => {
  await first?.close();
  await second?.close();
  const redis = createRedisClient({ url: REDIS_URL });
  await redis.connect();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(keys);
  await redis.quit();
});

test('a session started on one replica works on another', async () => {
  const client = createClient(first.url);
  assert.equal((await client.login('alice', PASSWORDS.alice)).status, 303);
  const onSecond = createClient(second.url);
  onSecond.cookies.set('roleport.sid', client.cookies.get('roleport.sid')!);
  const response = await onSecond.get('/');
  assert.equal(response.status, 200);
  assert.match(await response.text(), /Alice Admin/);
});

test('signing out on one replica ends the session on the other', async () => {
  const client = createClient(first.url);
  await client.login('bob', PASSWORDS.bob);
  const cookie = client.cookies.get('roleport.sid')!;
  await client.post('/logout', { _csrf: await client.csrfToken('/') });
  const onSecond = createClient(second.url);
  onSecond.cookies.set('roleport.sid', cookie);
  assert.equal((await onSecond.get('/')).status, 302);
});

test('sessions are kept under the configured prefix with the idle timeout as their lifetime', async () => {
  const redis = createRedisClient({ url: REDIS_URL });
  await redis.connect();
  try {
    const keys = await redis.keys(`${prefix}sess:*`);
    assert.ok(keys.length >= 1);
    const ttl = await redis.ttl(keys[0]);
    assert.ok(ttl > 0 && ttl <= 1800, `ttl ${ttl}`);
  } finally {
    await redis.quit();
  }
});

test('failed sign-ins count across replicas', async () => {
  for (let i = 0; i < 10; i++) await createClient(i % 2 ? first.url : second.url).login('carol', `wrong-${i}`);
  const response = await createClient(first.url).login('carol', 'wrong-again');
  assert.equal(response.status, 429);
});
