// /sessions: alice sees where she is signed in and ends it, one at a time or everywhere at once;
// the per-person index of browser sessions stays right in memory and in Redis (two replicas).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createClient as createRedisClient } from 'redis';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { type Client, createClient, hiddenField } from '../support/http-client.ts';
import { api, deviceToken } from '../api/device-helpers.ts';

const REDIS_URL = process.env.ROLEPORT_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const ALICE = { source: 'corp', username: 'alice' };
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

/** A cookie jar that always sends `userAgent`, signed in as alice. */
async function aliceIn(app: TestApp, userAgent: string): Promise<Client> {
  const client = createClient(app.url);
  const send = { get: client.get, post: client.post };
  client.get = (path, init) => send.get(path, { ...init, headers: { ...init?.headers, 'user-agent': userAgent } });
  client.post = (path, form, init) => send.post(path, form, { ...init, headers: { ...init?.headers, 'user-agent': userAgent } });
  assert.equal((await client.login('alice', PASSWORDS.alice)).status, 303);
  return client;
}

async function postFrom(client: Client, path: string, form: Record<string, string>): Promise<Response> {
  const page = await client.get('/sessions');
  const html = await page.text();
  return client.post(path, { _csrf: hiddenField(html, '_csrf') ?? '', ...form });
}

for (const store of ['memory', 'redis'] as const) {
  describe(`/sessions (${store})`, () => {
    const prefix = `roleport-test-sessions-${randomBytes(4).toString('hex')}:`;
    const redis = createRedisClient({ url: REDIS_URL });
    let offset = 0;
    let first: TestApp;
    let second: TestApp;
    const audited = (app: TestApp, event: string) => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === event).map((entry) => entry.audit);

    before(async () => {
      const session = store === 'redis' ? { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix } } : { secret: 'env:TEST_SESSION_SECRET' };
      const options = { config: baseConfig({ session }), env: { ...TEST_ENV, REDIS_URL }, clock: () => new Date(Date.now() + offset) };
      first = await startTestApp(options);
      second = store === 'redis' ? await startTestApp(options) : first;
      if (store === 'redis') await redis.connect();
    });
    after(async () => {
      await first?.close();
      if (second !== first) await second?.close();
      if (store === 'redis') {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(keys);
        await redis.quit();
      }
    });

    test('alice signed in twice and on one command line: "sign out everywhere" from one browser ends the other and the token', async () => {
      const laptop = await aliceIn(first, FIREFOX);
      const phone = await aliceIn(second, SAFARI);
      const token = await deviceToken(first.url, 'alice', PASSWORDS.alice);
      const bob = await createClient(first.url);
      await bob.login('bob', PASSWORDS.bob);

      const page = await laptop.get('/sessions');
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /Firefox on Linux<\/strong> <span class="badge">this browser<\/span>/);
      assert.match(html, /Safari on iOS<\/strong>\s*<span class="muted">· [^<]*127\.0\.0\.1 · signed in \d{4}-\d\d-\d\d \d\d:\d\d UTC · last seen/);
      assert.match(html, /roleport CLI, tester@laptop<\/strong>\s*<span class="muted">· [^<]*127\.0\.0\.1 · approved [^<]* · expires /);
      assert.doesNotMatch(html, new RegExp(laptop.cookies.get('roleport.sid')!.slice(4, 20).replace(/[^\w]/g, '.')), 'no session id in the page');

      const signedOut = await postFrom(laptop, '/sessions/everywhere', {});
      assert.equal(signedOut.status, 303);
      assert.equal(signedOut.headers.get('location'), '/login?signedOut=1');
      assert.equal((await laptop.get('/sessions')).status, 302);
      const phoneNow = await phone.get('/sessions');
      assert.equal(phoneNow.status, 302);
      assert.equal(phoneNow.headers.get('location'), '/login?next=%2Fsessions');
      const me = await api(first.url, '/me', { token });
      assert.equal(me.status, 401);
      assert.equal((await bob.get('/')).status, 200, 'bob is still signed in');

      const ended = audited(second, 'session.ended').concat(second === first ? [] : audited(first, 'session.ended'));
      // The third is the browser that approved the command line's sign-in.
      assert.equal(ended.length, 3);
      for (const event of ended) {
        assert.deepEqual(event.actor, ALICE);
        assert.deepEqual(event.target, ALICE);
        assert.equal(event.details.via, 'sessions-page');
      }
      assert.deepEqual(ended.map((e) => e.details.device).sort(), ['Firefox on Linux', 'Safari on iOS', 'Unknown device']);
      const revoked = audited(first, 'token.revoked');
      assert.equal(revoked.length, 1);
      assert.equal(revoked[0].details.via, 'sessions-page');
      assert.deepEqual(await first.ctx.browserSessions.listSessionsOf(ALICE), []);
    });

    test('ending one session or one token leaves the rest; another person\'s token cannot be ended from here', async () => {
      const laptop = await aliceIn(first, FIREFOX);
      const phone = await aliceIn(second, SAFARI);
      const token = await deviceToken(first.url, 'alice', PASSWORDS.alice);
      const bobToken = await deviceToken(first.url, 'bob', PASSWORDS.bob);
      const [phoneSession] = (await first.ctx.browserSessions.listSessionsOf(ALICE)).filter((s) => s.device === 'Safari on iOS');

      assert.equal((await postFrom(laptop, '/sessions/end', { session: phoneSession.handle })).headers.get('location'), '/sessions?ended=session');
      assert.equal((await phone.get('/')).status, 302);
      assert.equal((await laptop.get('/')).status, 200);
      assert.equal((await api(first.url, '/me', { token })).status, 200);

      const [bobs] = await first.ctx.cliTokens.listTokensOf({ source: 'corp', username: 'bob' });
      assert.equal((await postFrom(laptop, '/sessions/tokens/end', { token: bobs.tokenHash })).headers.get('location'), '/sessions?ended=gone');
      assert.equal((await api(first.url, '/me', { token: bobToken })).status, 200);
      const [alices] = await first.ctx.cliTokens.listTokensOf(ALICE);
      assert.equal((await postFrom(laptop, '/sessions/tokens/end', { token: alices.tokenHash })).headers.get('location'), '/sessions?ended=token');
      assert.equal((await api(first.url, '/me', { token })).status, 401);
      assert.equal((await laptop.get('/')).status, 200);
    });

    test('the index forgets sessions as they pass the absolute timeout', async () => {
      await aliceIn(first, FIREFOX);
      assert.ok((await second.ctx.browserSessions.listSessionsOf(ALICE)).length >= 1);
      offset += 12 * 3600_000 + 60_000;
      assert.deepEqual(await second.ctx.browserSessions.listSessionsOf(ALICE), []);
      if (store === 'redis') assert.equal(await redis.zCard(`${prefix}web:sessions-of:corp:alice`), 0);
    });
  });
}
