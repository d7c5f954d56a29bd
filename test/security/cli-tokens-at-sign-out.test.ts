// Tokens that outlive the person: a CLI token lives up to 12 hours, past its owner's web sign-out.
// The sign-out page offers to end them too; the per-person index that finds them stays right as
// tokens expire, in memory and in Redis (where two replicas share it).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createClient as createRedisClient } from 'redis';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { type Client, hiddenField } from '../support/http-client.ts';
import { api, deviceToken, signedIn } from '../api/device-helpers.ts';

const REDIS_URL = process.env.ROLEPORT_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const ALICE = { source: 'corp', username: 'alice' };
const HOUR = 3600_000;

async function signOutWith(browser: Client, endCliTokens: boolean): Promise<Response> {
  const page = await browser.get('/logout');
  const html = await page.text();
  const form: Record<string, string> = { _csrf: hiddenField(html, '_csrf') ?? '' };
  if (endCliTokens) form.end_cli_tokens = '1';
  return browser.post('/logout', form);
}

for (const store of ['memory', 'redis'] as const) {
  describe(`CLI tokens at web sign-out (${store})`, () => {
    const prefix = `roleport-test-signout-${randomBytes(4).toString('hex')}:`;
    const redis = createRedisClient({ url: REDIS_URL });
    let offset = 0;
    // With Redis, tokens are issued at one replica and the sign-out happens at the other.
    let issuing: TestApp;
    let signingOut: TestApp;
    const revokedEvents = () => signingOut.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit?.event === 'token.revoked').map((entry) => entry.audit);

    before(async () => {
      const session = store === 'redis' ? { secret: 'env:TEST_SESSION_SECRET', store: { type: 'redis', url: 'env:REDIS_URL', prefix } } : { secret: 'env:TEST_SESSION_SECRET' };
      const options = { config: baseConfig({ session }), env: { ...TEST_ENV, REDIS_URL }, clock: () => new Date(Date.now() + offset) };
      issuing = await startTestApp(options);
      signingOut = store === 'redis' ? await startTestApp(options) : issuing;
      if (store === 'redis') await redis.connect();
    });
    after(async () => {
      await issuing?.close();
      if (signingOut !== issuing) await signingOut?.close();
      if (store === 'redis') {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(keys);
        await redis.quit();
      }
    });

    test('alice ticks "also end my CLI tokens": each of her tokens is refused from then on and audited as revoked; bob’s keeps working', async () => {
      const aliceTokens = [await deviceToken(issuing.url, 'alice', PASSWORDS.alice), await deviceToken(issuing.url, 'alice', PASSWORDS.alice)];
      const bobToken = await deviceToken(issuing.url, 'bob', PASSWORDS.bob);
      const listed = await signingOut.ctx.cliTokens.listTokensOf(ALICE);
      assert.equal(listed.length, 2);
      assert.equal(listed[0].client, 'roleport CLI, tester@laptop');
      assert.match(listed[0].requesterIp ?? '', /127\.0\.0\.1$/);
      assert.ok(listed[0].expiresAt.getTime() > listed[0].approvedAt.getTime());

      const browser = await signedIn(signingOut.url, 'alice', PASSWORDS.alice);
      assert.match(await (await browser.get('/logout')).text(), /2 command lines are signed in as you/);
      const before = revokedEvents().length;
      const signedOut = await signOutWith(browser, true);
      assert.equal(signedOut.status, 303);

      for (const token of aliceTokens) {
        const me = await api(issuing.url, '/me', { token });
        assert.equal(me.status, 401);
        assert.equal(me.json.error.code, 'invalid_token');
      }
      assert.equal((await api(issuing.url, '/me', { token: bobToken })).status, 200);
      const events = revokedEvents().slice(before);
      assert.equal(events.length, 2);
      for (const event of events) {
        assert.deepEqual(event.actor, ALICE);
        assert.equal(event.details.via, 'sign-out');
        assert.equal(event.details.client, 'roleport CLI, tester@laptop');
      }
      assert.deepEqual(await signingOut.ctx.cliTokens.listTokensOf(ALICE), []);
    });

    test('a sign-out without the choice keeps her CLI token working', async () => {
      const token = await deviceToken(issuing.url, 'alice', PASSWORDS.alice);
      const browser = await signedIn(signingOut.url, 'alice', PASSWORDS.alice);
      assert.match(await (await browser.get('/logout')).text(), /1 command line is signed in as you/);
      const before = revokedEvents().length;
      assert.equal((await signOutWith(browser, false)).status, 303);
      assert.equal((await api(issuing.url, '/me', { token })).status, 200);
      assert.equal(revokedEvents().length, before);
      // roleport logout ends it, and the index forgets it.
      assert.equal((await api(issuing.url, '/logout', { method: 'POST', token })).status, 204);
      assert.deepEqual(await signingOut.ctx.cliTokens.listTokensOf(ALICE), []);
    });

    test('the index forgets tokens as they expire', async () => {
      await deviceToken(issuing.url, 'bob', PASSWORDS.bob);
      const bob = { source: 'corp', username: 'bob' };
      assert.ok((await signingOut.ctx.cliTokens.listTokensOf(bob)).length >= 1);
      offset += 12 * HOUR + 60_000;
      assert.deepEqual(await signingOut.ctx.cliTokens.listTokensOf(bob), []);
      assert.deepEqual(await signingOut.ctx.cliTokens.revokeTokensOf(bob), []);
      if (store === 'redis') assert.equal(await redis.zCard(`${prefix}api:tokens-of:corp:bob`), 0);
    });
  });
}
