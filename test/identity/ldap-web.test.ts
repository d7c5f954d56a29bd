// Signing in through Roleport's login form with an LDAP source (real slapd): roles from directory
// groups, the refusals people see, and the page shown while the directory is down.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';
import { BASE_DN, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../peers/slapd.ts';

let slapd: Slapd;
let app: TestApp;

before(async () => {
  slapd = await startSlapd();
  app = await startTestApp({
    config: baseConfig({
      identity: [
        {
          id: 'corp',
          type: 'ldap',
          label: 'Corp directory',
          urls: [slapd.ldapsUrl],
          tls: { ca: slapd.caFile },
          bind: { dn: SERVICE_DN, password: 'env:LDAP_BIND_PASSWORD' },
          users: { base: `ou=people,${BASE_DN}` },
          groups: { strategy: 'recursive', base: `ou=groups,${BASE_DN}` },
          attributes: { department: 'departmentNumber' },
        },
      ],
    }),
    env: { ...TEST_ENV, LDAP_BIND_PASSWORD: SERVICE_PASSWORD },
  });
});
after(async () => {
  await app?.close();
  await slapd?.close();
});

describe('LDAP sign-in through the login form', () => {
  it('signs alice in; developers, hers only through a nested group, grants prod/ReadOnly', async () => {
    const client = createClient(app.url);
    const response = await client.login('alice', 'alice-password');
    assert.equal(response.status, 303);
    const page = await (await client.get('/')).text();
    assert.match(page, /Alice Liddell/);
    assert.match(page, /data-role="prod\/Admin"/); // aws-admins
    assert.match(page, /data-role="prod\/ReadOnly"/); // developers only
    const why = await (await client.get('/roles/prod/ReadOnly')).text();
    assert.match(why, /developers/);
  });

  it('shows one message for a wrong password and an injection attempt, and tells carol her account is disabled', async () => {
    for (const [username, password] of [['alice', 'wrong'], ['*', 'alice-password'], [')(uid=*', 'alice-password']]) {
      const response = await createClient(app.url).login(username, password);
      assert.equal(response.status, 401);
      assert.match(await response.text(), /wrong username or password/);
    }
    const carol = await createClient(app.url).login('carol', 'carol-password');
    assert.equal(carol.status, 403);
    assert.match(await carol.text(), /this account is disabled; ask your directory administrator/);
  });

  it('shows "the directory is unavailable" with a 503 while slapd is down, and signs in again once it is back', async () => {
    await slapd.kill();
    try {
      const response = await createClient(app.url).login('bob', 'bob-password');
      assert.equal(response.status, 503);
      assert.match(await response.text(), /the directory is unavailable, try again in a minute/);
    } finally {
      await slapd.start();
    }
    assert.equal((await createClient(app.url).login('bob', 'bob-password')).status, 303);
  });
});
