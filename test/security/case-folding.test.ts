// Look-alike group names: group matching ignores the case of A-Z only. Under Unicode case folding the
// Kelvin sign K (U+212A) lower-cases to `k` and the long s ſ (U+017F) matches `s`, so a group that
// somebody may create in a directory would pass for `kube-admins` or `aws-admins`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { resolveGroups } from '../../src/identity/ldap/groups.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { hashPassword } from '../../src/identity/index.ts';
import { TEST_ENV } from '../support/fixtures.ts';
import { createClient } from '../support/http-client.ts';

const KELVIN = '\u212A';
const LONG_S = '\u017F';
const PASSWORD = 'case-folding-password-1';
const cheap = { ln: 4, r: 8, p: 1 };

let app: TestApp;
before(async () => {
  const password = await hashPassword(PASSWORD, cheap);
  app = await startTestApp({
    env: TEST_ENV,
    config: {
      session: { secret: 'env:TEST_SESSION_SECRET' },
      identity: [{ id: 'corp', type: 'local', label: 'Corporate', users: [
        { name: 'kim', displayName: 'Kim Ops', password, groups: ['KUBE-Admins', 'AWS-Admins'] },
        { name: 'mallory', displayName: 'Mallory', password, groups: [`${KELVIN}ube-admins`, `aws-admin${LONG_S}`, `${KELVIN}ube-team`] },
      ] }],
      accounts: [{ id: '111111111111', name: 'prod' }],
      roles: [{ account: 'prod', name: 'KubeAdmin' }, { account: 'prod', name: 'Admin' }, { account: 'prod', name: 'Team' }],
      rules: [
        { groups: ['kube-admins'], grant: ['prod/KubeAdmin'] },
        { groups: ['aws-*admins'], grant: ['prod/Admin'] },
        { groups: ['kube-*'], grant: ['prod/Team'] },
      ],
      admin: { groups: ['kube-admins'] },
    },
  });
});
after(() => app.close());

const audits = () => app.logs.map((line) => JSON.parse(line)).filter((entry) => entry.audit).map((entry) => entry.audit);

async function signedIn(username: string) {
  const client = createClient(app.url);
  assert.equal((await client.login(username, PASSWORD)).status, 303);
  return client;
}

describe('a person whose groups only look like kube-admins and aws-admins', () => {
  test('sees no role in the picker', async () => {
    const mallory = await signedIn('mallory');
    const html = await (await mallory.get('/')).text();
    assert.doesNotMatch(html, /KubeAdmin|prod\/Admin|prod\/Team/);
  });

  test('is refused the console of a role the look-alike group would grant, and the refusal is audited', async () => {
    const mallory = await signedIn('mallory');
    for (const role of ['KubeAdmin', 'Admin', 'Team']) {
      const response = await mallory.get(`/console/prod/${role}`, { headers: { 'sec-fetch-site': 'same-origin' } });
      assert.equal(response.status, 403, role);
      assert.match(await response.text(), new RegExp(`you are not entitled to the role &#39;prod/${role}&#39;`));
      assert.ok(audits().some((e) => e.event === 'role.refused' && e.actor.username === 'mallory' && e.target.role === role), role);
    }
  });

  test('is no administrator', async () => {
    const mallory = await signedIn('mallory');
    const response = await mallory.get('/admin');
    assert.equal(response.status, 403);
    assert.match(await response.text(), /this page is for Roleport administrators/);
  });
});

describe('ASCII case still folds', () => {
  test('KUBE-Admins and AWS-Admins match the rules written kube-admins, kube-* and aws-*admins', async () => {
    const kim = await signedIn('kim');
    const html = await (await kim.get('/')).text();
    for (const role of ['KubeAdmin', 'Admin', 'Team']) assert.match(html, new RegExp(`/console/prod/${role}"`), role);
  });

  test('a role link names a role in any A-Z case, but a Kelvin sign in its name names no role', async () => {
    const kim = await signedIn('kim');
    const direct = { headers: { 'sec-fetch-site': 'same-origin' } };
    const page = await kim.get('/roles/PROD/kubeadmin');
    assert.equal(page.status, 200);
    assert.match(await page.text(), /KubeAdmin/);
    const lookalike = await kim.get(`/console/prod/${encodeURIComponent(`${KELVIN}ubeAdmin`)}`, direct);
    assert.equal(lookalike.status, 404);
    assert.match(await lookalike.text(), /there is no role &#39;prod\/\u212AubeAdmin&#39;/);
    const words = await kim.get(`/console/${encodeURIComponent(`${KELVIN}ubeadmin`)}`, direct);
    assert.equal(words.status, 404, 'a search by words finds nothing either');
  });
});

test('LDAP group names are lower-cased in A-Z only: the Kelvin sign stays as the directory wrote it', async () => {
  const settings = { strategy: 'memberOf', filter: '(objectClass=*)', memberAttribute: 'member', nameAttribute: 'cn', as: 'name', caseSensitive: false, maxDepth: 5, base: 'dc=example,dc=org', primaryGroup: false } as const;
  const entry = { dn: 'uid=mallory,ou=people,dc=example,dc=org', memberOf: [`cn=${KELVIN}ube-Admins,ou=groups,dc=example,dc=org`, 'cn=Kube-Admins,ou=groups,dc=example,dc=org'] };
  const { groups } = await resolveGroups(undefined, settings, entry, 'mallory');
  assert.deepEqual(groups, [`${KELVIN}ube-admins`, 'kube-admins'], 'two different groups, not one');
});
