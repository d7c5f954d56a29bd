// Cookie tossing: over https the session cookie is `__Host-roleport.sid`, which browsers accept only
// Secure, with Path=/ and no Domain, so a sibling subdomain can neither set nor shadow it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, checkConfig } from '../../src/config/index.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';

const HTTPS_URL = 'https://roleport.test';

/** The cookie's attributes as the browser reads them, name and value apart. */
function attributes(setCookie: string): Map<string, string> {
  const [, ...parts] = setCookie.split(';');
  return new Map(parts.map((part) => {
    const [key, ...value] = part.trim().split('=');
    return [key.toLowerCase(), value.join('=')];
  }));
}

describe('with an https publicUrl (TLS ends at a proxy Roleport does not trust)', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ env: TEST_ENV, config: baseConfig({ server: { publicUrl: HTTPS_URL } }) });
  });
  after(() => app.close());

  test('alice signs in and her session cookie is __Host-roleport.sid: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', async () => {
    const alice = createClient(app.url);
    const response = await alice.login('alice', PASSWORDS.alice);
    assert.equal(response.status, 303);
    const cookies = response.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('__Host-roleport.sid='));
    assert.ok(session, `a __Host- session cookie among ${cookies.join(' | ')}`);
    assert.ok(!cookies.some((c) => c.startsWith('roleport.sid=')), 'no unprefixed session cookie');
    const flags = attributes(session);
    assert.ok(flags.has('secure'), 'Secure although the hop to Roleport is plain http');
    assert.ok(flags.has('httponly'));
    assert.equal(flags.get('samesite')?.toLowerCase(), 'lax');
    assert.equal(flags.get('path'), '/');
    assert.equal(flags.has('domain'), false);
    const home = await alice.get('/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), /Alice Admin/);
  });

  test('sign-out clears the cookie with the same flags, so the browser drops it', async () => {
    const alice = createClient(app.url);
    await alice.login('alice', PASSWORDS.alice);
    const html = await (await alice.get('/logout')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const response = await alice.post('/logout', { _csrf: csrf });
    assert.equal(response.status, 303);
    const cleared = response.headers.getSetCookie().find((c) => c.startsWith('__Host-roleport.sid='));
    assert.ok(cleared);
    const flags = attributes(cleared);
    assert.ok(flags.has('secure'));
    assert.equal(flags.get('path'), '/');
    assert.match(flags.get('expires') ?? '', /1970/);
  });
});

describe('the cookie name in the configuration', () => {
  const check = (server: Record<string, unknown>, session: Record<string, unknown> = {}) =>
    checkConfig(baseConfig({ server, session: { secret: 'env:TEST_SESSION_SECRET', ...session } }), { env: TEST_ENV, baseDir: process.cwd(), file: 'roleport.yaml' }).config.session.cookieName;

  test('is roleport.sid over plain http, and a name written in the file is kept over https', () => {
    assert.equal(check({ publicUrl: 'http://127.0.0.1:3000' }), 'roleport.sid');
    assert.equal(check({ publicUrl: HTTPS_URL }, { cookieName: 'corp.sid' }), 'corp.sid');
  });

  test('refuses a __Host- name over plain http, which browsers would drop', () => {
    assert.throws(() => check({ publicUrl: 'http://roleport.test' }, { cookieName: '__Host-corp' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, ["session.cookieName: a cookie named '__Host-…' needs an https server.publicUrl (browsers accept it only with Secure); leave cookieName out to get '__Host-roleport.sid' over https and 'roleport.sid' over http (found '__Host-corp')"]);
      return true;
    });
  });
});
