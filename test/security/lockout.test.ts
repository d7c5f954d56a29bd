// Attacks on password sign-in: a burst of parallel guesses, patient guessing, guessing from many
// addresses, and locking a real person out. Each client connects from its own loopback address
// (127.0.0.x), so Roleport sees the addresses an attacker and a person would have.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createClient as createRedisClient } from 'redis';
import { type Client, createClient } from '../support/http-client.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { testClock } from '../support/clock.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import type { PasswordIdentitySource } from '../../src/identity/index.ts';
import { registry } from '../../src/metrics.ts';

const REDIS_URL = process.env.ROLEPORT_TEST_REDIS ?? 'redis://127.0.0.1:6379';

type Audited = { event: string; actor: { username?: string }; client: { ip?: string }; reason?: string; details: Record<string, unknown> };
const auditEvents = (app: TestApp, name: string): Audited[] =>
  app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === name).map((entry) => entry.audit);

/** Counts the password checks that reach the identity source. */
function countChecks(app: TestApp): { readonly count: number } {
  const source = app.ctx.sources.find((s): s is PasswordIdentitySource => s.kind === 'password')!;
  const authenticate = source.authenticate.bind(source);
  const counter = { count: 0 };
  source.authenticate = (username, password) => {
    counter.count++;
    return authenticate(username, password);
  };
  return counter;
}

/** A client with its login form loaded, ready to post passwords. */
async function attacker(url: string, localAddress: string): Promise<{ client: Client; attempt(username: string, password: string): Promise<Response> }> {
  const client = createClient(url, { localAddress });
  const csrf = await client.csrfToken('/login');
  return { client, attempt: (username, password) => client.post('/login', { _csrf: csrf, username, password }) };
}

async function throttledCount(rule: string): Promise<number> {
  const metric = await registry.getSingleMetric('roleport_login_throttled_total')!.get();
  return metric.values.find((v) => v.labels.rule === rule)?.value ?? 0;
}

async function parallelGuesses(apps: TestApp[], address: string, username: string, count: number): Promise<number[]> {
  const clients = await Promise.all(apps.map((app) => attacker(app.url, address)));
  const responses = await Promise.all(Array.from({ length: count }, (_, i) => clients[i % clients.length].attempt(username, `wrong-${i}`)));
  return responses.map((r) => r.status);
}

describe('password sign-in under attack (memory store)', () => {
  const clock = testClock();
  let app: TestApp;
  let checks: { readonly count: number };
  before(async () => {
    app = await startTestApp({ config: baseConfig(), env: TEST_ENV, clock: clock.now });
    checks = countChecks(app);
  });
  after(() => app.close());

  test('100 parallel wrong passwords: at most 5 reach the password check, the rest are answered 429', async () => {
    const before = checks.count;
    const heldBefore = await throttledCount('username-address');
    const statuses = await parallelGuesses([app], '127.0.0.10', 'alice', 100);
    assert.equal(checks.count - before, 5, 'the five free attempts, no more');
    assert.equal(statuses.filter((s) => s === 401).length, checks.count - before);
    assert.equal(statuses.filter((s) => s === 429).length, 100 - (checks.count - before));
    assert.equal((await throttledCount('username-address')) - heldBefore, 100 - (checks.count - before), 'every hold is counted');
  });

  test('while throttled, the right password gets the same 429 with Retry-After, and never reaches the check', async () => {
    const { client, attempt } = await attacker(app.url, '127.0.0.10');
    const before = checks.count;
    const right = await attempt('alice', PASSWORDS.alice);
    const wrong = await attempt('alice', 'wrong-again');
    assert.equal(right.status, 429);
    assert.equal(right.headers.get('retry-after'), '1');
    const [rightPage, wrongPage] = [await right.text(), await wrong.text()];
    assert.match(rightPage, /too many failed sign-ins; try again in 1 second</);
    assert.equal(wrong.status, 429);
    assert.equal(wrong.headers.get('retry-after'), '1');
    assert.equal(rightPage, wrongPage, 'nothing tells the right password apart');
    assert.equal(checks.count, before);
    assert.equal((await client.get('/')).status, 302, 'not signed in');
  });

  test('the first held attempt per key and window is audited as login.throttled, the rest only counted', async () => {
    const held = auditEvents(app, 'login.throttled').filter((e) => e.client.ip === '127.0.0.10');
    assert.equal(held.length, 1);
    assert.equal(held[0].actor.username, 'alice');
    assert.equal(held[0].reason, 'too many failed sign-ins');
    assert.equal(held[0].details.rule, 'username-address');
    assert.equal(auditEvents(app, 'login.failed').filter((e) => e.client.ip === '127.0.0.10').length, 5, 'one login.failed per check, none per hold');
    // After the wait and the window that follows it, the count is forgotten: a new hold is a new window.
    clock.advance(1 + 15 * 60);
    const { attempt } = await attacker(app.url, '127.0.0.10');
    for (let i = 0; i < 5; i++) assert.equal((await attempt('alice', `later-${i}`)).status, 401);
    assert.equal((await attempt('alice', 'later-held')).status, 429);
    assert.equal((await attempt('alice', 'later-held-again')).status, 429);
    assert.equal(auditEvents(app, 'login.throttled').filter((e) => e.client.ip === '127.0.0.10').length, 2);
  });

  test('past 5 failures the wait doubles from 1 s after each failure, up to 15 minutes', async () => {
    const { attempt } = await attacker(app.url, '127.0.0.11');
    for (let i = 0; i < 5; i++) assert.equal((await attempt('bob', `wrong-${i}`)).status, 401);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const held = await attempt('bob', PASSWORDS.bob);
      assert.equal(held.status, 429);
      const wait = Number(held.headers.get('retry-after'));
      waits.push(wait);
      clock.advance(wait - 1);
      assert.equal((await attempt('bob', PASSWORDS.bob)).status, 429, 'one second early is still too early');
      clock.advance(1);
      assert.equal((await attempt('bob', `wrong-after-wait-${i}`)).status, 401, 'after the wait, one more check');
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    // From another address bob is not held back: the doubling is per (username, address).
    assert.equal((await (await attacker(app.url, '127.0.0.12')).attempt('bob', PASSWORDS.bob)).status, 303);
  });

  test('a right password clears the count of its address: the next typos are free again', async () => {
    clock.advance(3600);
    const { attempt } = await attacker(app.url, '127.0.0.13');
    for (let i = 0; i < 4; i++) assert.equal((await attempt('bob', `typo-${i}`)).status, 401);
    assert.equal((await (await attacker(app.url, '127.0.0.13')).attempt('bob', PASSWORDS.bob)).status, 303);
    for (let i = 0; i < 5; i++) assert.equal((await attempt('bob', `typo-again-${i}`)).status, 401, 'five free again after the sign-in');
    assert.equal((await attempt('bob', 'typo-held')).status, 429);
  });

  test('past 20 failures of one username from many addresses, one check per 5 s', async () => {
    clock.advance(3600);
    const name = 'dave';
    for (let a = 0; a < 4; a++) {
      const { attempt } = await attacker(app.url, `127.0.1.${a + 1}`);
      for (let i = 0; i < 5; i++) assert.equal((await attempt(name, `guess-${a}-${i}`)).status, 401);
    }
    const fresh = await attacker(app.url, '127.0.1.9');
    const held = await fresh.attempt(name, 'guess-21');
    assert.equal(held.status, 429);
    assert.equal(held.headers.get('retry-after'), '5');
    assert.deepEqual(auditEvents(app, 'login.throttled').filter((e) => e.actor.username === name).map((e) => e.details.rule), ['username']);
    clock.advance(5);
    assert.equal((await fresh.attempt(name, 'guess-22')).status, 401);
    assert.equal((await (await attacker(app.url, '127.0.1.10')).attempt(name, 'guess-23')).status, 429);
  });

  test('100 failures from one address in 15 minutes hold back every username from it, until the window ends', async () => {
    clock.advance(3600);
    const { attempt } = await attacker(app.url, '127.0.2.1');
    for (let i = 0; i < 100; i++) assert.equal((await attempt(`sprayed-${i}`, 'Winter2026!')).status, 401);
    const held = await attempt('bob', PASSWORDS.bob);
    assert.equal(held.status, 429);
    assert.equal(held.headers.get('retry-after'), '900');
    assert.equal(auditEvents(app, 'login.throttled').filter((e) => e.client.ip === '127.0.2.1').at(-1)?.details.rule, 'address');
    assert.equal((await (await attacker(app.url, '127.0.2.2')).attempt('bob', PASSWORDS.bob)).status, 303, 'other addresses are not held back');
    clock.advance(15 * 60);
    assert.equal((await attempt('bob', PASSWORDS.bob)).status, 303);
  });
});

describe('an attacker cannot lock a person out of her own browser', () => {
  const clock = testClock();
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ config: baseConfig(), env: TEST_ENV, clock: clock.now });
  });
  after(() => app.close());

  /** 20 wrong passwords for alice from four addresses, then the attacker's own address is held back too. */
  async function floodAlice(): Promise<void> {
    for (let a = 0; a < 4; a++) {
      const { attempt } = await attacker(app.url, `127.0.4.${a + 1}`);
      for (let i = 0; i < 5; i++) assert.equal((await attempt('alice', `guess-${a}-${i}`)).status, 401);
    }
    const fromAttacker = await (await attacker(app.url, '127.0.0.3')).attempt('alice', 'guess-from-attacker');
    assert.equal(fromAttacker.status, 429, 'the attacker from 127.0.0.3 is throttled on her username');
    assert.equal(fromAttacker.headers.get('retry-after'), '5');
  }

  test('alice with her known-device cookie from 127.0.0.2 signs in while an attacker from 127.0.0.3 is throttled on her username', async () => {
    const browser = createClient(app.url, { localAddress: '127.0.0.2' });
    const first = await browser.login('alice', PASSWORDS.alice);
    assert.equal(first.status, 303);
    const cookie = first.headers.getSetCookie().find((c) => c.startsWith('roleport.device='));
    assert.ok(cookie, 'a successful sign-in sets the known-device cookie');
    assert.match(cookie, /; Max-Age=2592000;/);
    assert.match(cookie, /; Path=\/login;/);
    assert.match(cookie, /; HttpOnly/);
    assert.doesNotMatch(cookie, /alice-password/);
    await browser.post('/logout', { _csrf: await browser.csrfToken('/') });
    assert.ok(browser.cookies.has('roleport.device'), 'signing out keeps the browser known');

    clock.advance(3600);
    await floodAlice();
    const elsewhere = await createClient(app.url, { localAddress: '127.0.0.2' }).login('alice', PASSWORDS.alice);
    assert.equal(elsewhere.status, 429, 'without the cookie, the same address is held back by the username rule');
    const known = await browser.login('alice', PASSWORDS.alice);
    assert.equal(known.status, 303, 'her own browser signs in');
    assert.equal((await browser.get('/')).status, 200);
  });

  test('the cookie helps only the person it names, only as signed, and only for 30 days', async () => {
    clock.advance(3600);
    const alice = createClient(app.url, { localAddress: '127.0.0.2' });
    assert.equal((await alice.login('alice', PASSWORDS.alice)).status, 303);
    const bob = createClient(app.url, { localAddress: '127.0.0.2' });
    assert.equal((await bob.login('bob', PASSWORDS.bob)).status, 303);
    clock.advance(3600);
    await floodAlice();
    const withCookie = (value: string) => {
      const client = createClient(app.url, { localAddress: '127.0.0.2' });
      client.cookies.set('roleport.device', value);
      return client.login('alice', PASSWORDS.alice);
    };
    const [payload, mac] = alice.cookies.get('roleport.device')!.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const [bobPayload] = bob.cookies.get('roleport.device')!.split('.');
    assert.equal((await withCookie(bob.cookies.get('roleport.device')!)).status, 429, "bob's cookie does not help alice");
    assert.equal((await withCookie(`${bobPayload}.${mac}`)).status, 429, 'a payload swapped under her signature');
    const reissued = Buffer.from(JSON.stringify({ ...claims, issuedAt: clock.now().getTime() })).toString('base64url');
    assert.equal((await withCookie(`${reissued}.${mac}`)).status, 429, 'a made-up issue time');
    assert.equal((await withCookie(`${payload}.${mac}`)).status, 303, 'the cookie as Roleport signed it');

    clock.advance(30 * 86400);
    await floodAlice();
    assert.equal((await withCookie(`${payload}.${mac}`)).status, 429, 'after 30 days the browser is no longer known');
  });

  test('a known device keeps the per-(username, address) rule: five typos, then a wait', async () => {
    clock.advance(3600);
    const browser = createClient(app.url, { localAddress: '127.0.0.5' });
    assert.equal((await browser.login('alice', PASSWORDS.alice)).status, 303);
    await browser.post('/logout', { _csrf: await browser.csrfToken('/') });
    for (let i = 0; i < 5; i++) assert.equal((await browser.login('alice', `typo-${i}`)).status, 401);
    const held = await browser.login('alice', PASSWORDS.alice);
    assert.equal(held.status, 429);
    assert.equal(held.headers.get('retry-after'), '1');
  });
});

describe('the rules come from login.throttle', () => {
  test('a stricter per-(username, address) rule and per-address cap take effect', async () => {
    const clock = testClock();
    const app = await startTestApp({ config: baseConfig({ login: { throttle: { usernameAddress: { free: 2, firstDelay: '10s', maxDelay: '15s' }, address: { failures: 5, window: '1h' } } } }), env: TEST_ENV, clock: clock.now });
    try {
      const { attempt } = await attacker(app.url, '127.0.5.1');
      for (let i = 0; i < 2; i++) assert.equal((await attempt('bob', `wrong-${i}`)).status, 401);
      const waits: string[] = [];
      for (let i = 0; i < 3; i++) {
        const held = await attempt('bob', PASSWORDS.bob);
        assert.equal(held.status, 429);
        waits.push(held.headers.get('retry-after')!);
        clock.advance(Number(waits.at(-1)));
        assert.equal((await attempt('bob', `wrong-late-${i}`)).status, 401);
      }
      assert.deepEqual(waits, ['10', '15', '15'], 'from firstDelay, doubling, at most maxDelay');
      // Five failures from this address within the hour: everyone behind it waits for the hour to end.
      const held = await attempt('alice', PASSWORDS.alice);
      assert.equal(held.status, 429);
      assert.equal(held.headers.get('retry-after'), String(3600 - 40));
    } finally {
      await app.close();
    }
  });
});

describe('password sign-in under attack (Redis store, two replicas)', () => {
  const prefix = `roleport-test-lockout-${randomBytes(4).toString('hex')}:`;
  const clock = testClock();
  let apps: TestApp[];
  let checks: { readonly count: number }[];
  before(async () => {
    const config = baseConfig({ session: { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix } } });
    apps = [await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL }, clock: clock.now }), await startTestApp({ config, env: { ...TEST_ENV, REDIS_URL }, clock: clock.now })];
    checks = apps.map(countChecks);
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    const redis = createRedisClient({ url: REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.quit();
  });

  test('100 parallel wrong passwords spread over both replicas: at most 5 reach the password check', async () => {
    const statuses = await parallelGuesses(apps, '127.0.3.1', 'alice', 100);
    const ran = checks[0].count + checks[1].count;
    assert.equal(ran, 5, 'the five free attempts, no more, across both replicas');
    assert.equal(statuses.filter((s) => s === 429).length, 100 - ran);
    const right = await (await attacker(apps[1].url, '127.0.3.1')).attempt('alice', PASSWORDS.alice);
    assert.equal(right.status, 429);
    assert.equal(right.headers.get('retry-after'), '1');
    assert.equal(checks[0].count + checks[1].count, ran);
    assert.equal(apps.flatMap((app) => auditEvents(app, 'login.throttled')).length, 1, 'one replica audits the first hold');
  });

  test('the doubling wait and the clearing at sign-in are the same as in memory', async () => {
    const { attempt } = await attacker(apps[0].url, '127.0.3.2');
    const other = await attacker(apps[1].url, '127.0.3.2');
    for (let i = 0; i < 5; i++) assert.equal((await (i % 2 ? attempt : other.attempt)('bob', `wrong-${i}`)).status, 401);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const held = await other.attempt('bob', PASSWORDS.bob);
      assert.equal(held.status, 429);
      waits.push(Number(held.headers.get('retry-after')));
      clock.advance(waits.at(-1)!);
      assert.equal((await attempt('bob', `wrong-after-${i}`)).status, 401);
    }
    assert.deepEqual(waits, [1, 2, 4]);
    clock.advance(8);
    assert.equal((await other.attempt('bob', PASSWORDS.bob)).status, 303);
    assert.equal((await (await attacker(apps[0].url, '127.0.3.2')).attempt('bob', 'typo')).status, 401, 'the sign-in cleared the count');
  });
});
