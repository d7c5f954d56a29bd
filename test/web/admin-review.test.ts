// Access review against a real OpenLDAP (test/peers/slapd.ts), the local users file and a SAML source:
// who can reach a role (a glob group pattern, a nested group followed by the recursive strategy and
// not by the search strategy, a deny, a disabled account), what one person can reach, the exports,
// the admin JSON API, and refusals for bob and for a token without a fresh factor.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BASE_DN, SERVICE_DN, SERVICE_PASSWORD, type Slapd, startSlapd } from '../peers/slapd.ts';
import { makeCertificate } from '../peers/simplesamlphp.ts';
import { api, decide, jsonOf, pollToken, startDevice } from '../api/device-helpers.ts';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { type Client, createClient } from '../support/http-client.ts';
import { MFA_ENV, mfaConfig } from '../support/mfa.ts';
import { markStepUp } from '../support/step-up.ts';

let slapd: Slapd;
let app: TestApp;
let alice: Client;
const dir = mkdtempSync(join(tmpdir(), 'roleport-review-'));

const ldap = (id: string, strategy: string, maxDepth = 5) => ({
  id,
  type: 'ldap',
  urls: [slapd.ldapsUrl],
  tls: { ca: slapd.caFile },
  bind: { dn: SERVICE_DN, password: 'env:LDAP_BIND_PASSWORD' },
  users: { base: `ou=people,${BASE_DN}` },
  groups: { strategy, base: `ou=groups,${BASE_DN}`, maxDepth },
});

before(async () => {
  slapd = await startSlapd();
  const idp = makeCertificate(dir, 'idp');
  const config = mfaConfig();
  app = await startTestApp({
    config: {
      ...config,
      identity: [
        ...(config.identity as unknown[]),
        ldap('dir', 'recursive'),
        ldap('flat', 'search'),
        ldap('overlay', 'memberOf'),
        ldap('shallow', 'recursive', 1),
        { id: 'idp', type: 'saml', label: 'Corp SAML', entryPoint: 'https://idp.test/sso', idpIssuer: 'https://idp.test/metadata', idpCertificates: [idp.cert] },
      ],
      rules: [
        { description: 'Administrators', groups: ['aws-admins'], grant: ['prod/Admin', 'dev/*'] },
        { groups: ['developers'], grant: ['dev/Developer', 'prod/ReadOnly'] },
        { description: 'Engineering groups', groups: ['eng*'], grant: ['dev/ReadOnly'] },
        { description: 'Platform uses its own read role', groups: ['platform'], deny: ['prod/ReadOnly'] },
      ],
    },
    env: { ...TEST_ENV, ...MFA_ENV, LDAP_BIND_PASSWORD: SERVICE_PASSWORD },
  });
  alice = await signedIn('alice', true);
});
after(async () => {
  await app?.close();
  await slapd?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function signedIn(user: 'alice' | 'bob', verified: boolean): Promise<Client> {
  const client = createClient(app.url);
  assert.equal((await client.login(user, PASSWORDS[user], 'corp')).status, 303);
  if (verified) await markStepUp(app, client);
  return client;
}

/** A CLI token approved in a browser that did (or did not) just verify a second factor. */
async function tokenOf(user: 'alice' | 'bob', verified: boolean): Promise<string> {
  const start = await startDevice(app.url);
  await decide(await signedIn(user, verified), start.user_code, 'approve');
  const answer = await pollToken(app.url, start.device_code);
  assert.equal(answer.status, 200);
  return answer.json.access_token;
}

const people = (review: any, source: string) => review.people.filter((p: any) => p.source === source).map((p: any) => `${p.username}:${p.hasRole ? 'yes' : 'no'}${p.canSignIn ? '' : ':cannot-sign-in'}`).sort();

describe('who can reach a role', () => {
  it('prod/ReadOnly: the granting rule and the deny; the recursive directory finds alice through platform, and the deny takes it from her', async () => {
    const response = await alice.get('/admin/review/roles/prod/ReadOnly?format=json');
    assert.equal(response.status, 200);
    const review = await jsonOf(response);
    assert.deepEqual(review.grants, [{ rule: 'rule #2', groups: ['developers'], pattern: 'prod/ReadOnly', mfa: false }]);
    assert.deepEqual(review.denies, [{ rule: 'rule #4 (Platform uses its own read role)', groups: ['platform'], pattern: 'prod/ReadOnly' }]);
    assert.deepEqual(people(review, 'dir'), ['alice:no', 'bob:yes', 'carol:yes:cannot-sign-in']);
    assert.deepEqual(review.people.find((p: any) => p.source === 'dir' && p.username === 'alice').deniedBy, ["rule #4 (Platform uses its own read role) denies 'prod/ReadOnly' to group 'platform'"]);
    assert.deepEqual(people(review, 'flat'), ['bob:yes', 'carol:yes:cannot-sign-in'], 'the search strategy does not follow nesting, so alice is not a member there');
    assert.deepEqual(people(review, 'overlay'), ['bob:yes', 'carol:yes:cannot-sign-in'], "slapd's memberOf overlay lists direct members, as memberOf sign-ins see them");
    assert.deepEqual(people(review, 'corp'), ['alice:yes', 'bob:yes']);
    const saml = review.sources.find((s: any) => s.source === 'idp');
    assert.equal(saml.canListMembers, false);
    assert.match(saml.note, /^a SAML source cannot list group members/);
  });

  it('dev/ReadOnly: a glob group pattern finds engineering, whose nested members are followed', async () => {
    const review = await jsonOf(await alice.get('/admin/review/roles/dev/ReadOnly?format=json'));
    assert.deepEqual(review.grants.map((g: any) => `${g.rule}:${g.pattern}:${g.groups.join('|')}`), ['rule #1 (Administrators):dev/*:aws-admins', 'rule #3 (Engineering groups):dev/ReadOnly:eng*']);
    const dirGroups = review.sources.find((s: any) => s.source === 'dir').groups.map((g: any) => `${g.pattern}->${g.group}:${g.members}`);
    assert.deepEqual(dirGroups, ['aws-admins->aws-admins:1', 'eng*->engineering:3']);
    assert.deepEqual(people(review, 'dir'), ['alice:yes', 'bob:yes', 'carol:yes:cannot-sign-in']);
    // Followed one level only, engineering holds no person directly: the nesting below is flagged.
    assert.deepEqual(review.sources.find((s: any) => s.source === 'shallow').groups, [{ pattern: 'aws-admins', group: 'aws-admins', members: 1 }, { pattern: 'eng*', group: 'engineering', members: 0, depthLimitReached: true }]);
    const bob = review.people.find((p: any) => p.source === 'dir' && p.username === 'bob');
    assert.deepEqual(bob.reasons, ["rule #3 (Engineering groups) grants 'dev/ReadOnly' to group 'engineering'"]);
  });

  it('the page lists the rules, each source and the people; the CSV carries the same rows, formula cells neutralised', async () => {
    const page = await alice.get('/admin/review/roles/prod/ReadOnly');
    const html = await page.text();
    assert.equal(page.status, 200);
    assert.match(html, /<strong>rule #2<\/strong> grants 'prod\/ReadOnly' to 'developers'/);
    assert.match(html, /data-person="dir\/alice" data-has-role="false"/);
    assert.match(html, /data-source="idp"><strong>idp<\/strong> <span class="muted">\(saml\)<\/span>:\s+a SAML source cannot list group members/);
    const csv = await alice.get('/admin/review/roles/prod/ReadOnly?format=csv');
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'kind,rule,groups,pattern,source,username,display_name,has_role,can_sign_in,reasons');
    assert.ok(lines.includes("deny,rule #4 (Platform uses its own read role),platform,prod/ReadOnly,,,,,,"));
    assert.ok(lines.includes("person,,developers,,dir,carol,Carol Danvers,true,false,rule #2 grants 'prod/ReadOnly' to group 'developers'"));
  });

  it('an unknown role is a 404', async () => {
    const response = await alice.get('/admin/review/roles/prod/Nothing');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /there is no role prod\/Nothing/);
  });
});

describe('what a person can reach', () => {
  it('alice, looked up in the directory now: every role with its reasons, and the one a deny takes away', async () => {
    const lookup = await alice.get('/admin/review/person?source=dir&username=alice');
    assert.equal(lookup.status, 303);
    assert.equal(lookup.headers.get('location'), '/admin/review/people/dir/alice');
    const review = await jsonOf(await alice.get('/admin/review/people/dir/alice?format=json'));
    assert.deepEqual(review.person.groups.sort(), ['aws-admins', 'developers', 'engineering', 'platform']);
    assert.deepEqual(Object.fromEntries(review.entitlements.map((e: any) => [e.key, e.reasons])), {
      'dev/Developer': ["rule #1 (Administrators) grants 'dev/*' to group 'aws-admins'", "rule #2 grants 'dev/Developer' to group 'developers'"],
      'dev/ReadOnly': ["rule #1 (Administrators) grants 'dev/*' to group 'aws-admins'", "rule #3 (Engineering groups) grants 'dev/ReadOnly' to group 'engineering'"],
      'prod/Admin': ["rule #1 (Administrators) grants 'prod/Admin' to group 'aws-admins'"],
    });
    assert.deepEqual(review.denied, [{ key: 'prod/ReadOnly', reasons: ["rule #4 (Platform uses its own read role) denies 'prod/ReadOnly' to group 'platform'"] }]);
    const html = await (await alice.get('/admin/review/people/dir/alice')).text();
    assert.match(html, /data-role="prod\/Admin"/);
    assert.match(html, /data-denied="prod\/ReadOnly"/);
    const csv = (await (await alice.get('/admin/review/people/dir/alice?format=csv')).text()).split('\r\n');
    assert.ok(csv.includes("entitlement,prod/Admin,arn:aws:iam::111111111111:role/Admin,rule #1 (Administrators) grants 'prod/Admin' to group 'aws-admins',"));
  });

  it('a disabled account shows as such; an unknown person is a 404; a SAML source says it cannot look people up', async () => {
    const carol = await jsonOf(await alice.get('/admin/review/people/dir/carol?format=json'));
    assert.equal(carol.person.canSignIn, false);
    const unknown = await alice.get('/admin/review/people/dir/nobody');
    assert.equal(unknown.status, 404);
    assert.match(await unknown.text(), /nobody is called &#39;nobody&#39; in the identity source &#39;dir&#39;/);
    const saml = await jsonOf(await alice.get('/admin/review/people/idp/alice?format=json'));
    assert.equal(saml.person, undefined);
    assert.match(saml.note, /^a SAML source cannot look a person up/);
  });
});

describe('the admin JSON API and refusals', () => {
  it('an administrator token with a fresh factor gets the same review as the page export', async () => {
    const token = await tokenOf('alice', true);
    const role = await api(app.url, '/admin/review/roles/prod/ReadOnly', { token });
    assert.equal(role.status, 200);
    assert.deepEqual(role.json, await jsonOf(await alice.get('/admin/review/roles/prod/ReadOnly?format=json')));
    const person = await api(app.url, '/admin/review/people/flat/bob', { token });
    assert.deepEqual(person.json.entitlements.map((e: any) => e.key), ['dev/Developer', 'prod/ReadOnly']);
  });

  it('bob is refused the pages and the API; an administrator token approved without a factor is refused; both audited', async () => {
    const bob = await signedIn('bob', true);
    for (const path of ['/admin/review', '/admin/review/roles/prod/Admin?format=json', '/admin/review/people/dir/alice?format=csv']) {
      const response = await bob.get(path);
      assert.equal(response.status, 403, path);
      assert.doesNotMatch(await response.text(), /rule #1/);
    }
    const bobToken = await tokenOf('bob', true);
    const refused = await api(app.url, '/admin/review/roles/prod/Admin', { token: bobToken });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, 'not_admin');
    const unverified = await tokenOf('alice', false);
    const stale = await api(app.url, '/admin/review/people/dir/alice', { token: unverified });
    assert.equal(stale.status, 403);
    assert.equal(stale.json.error.code, 'mfa_required');
    const reasons = app.logs.map((line) => JSON.parse(line).audit).filter((a) => a?.event === 'request.refused').map((a) => `${a.actor.username}: ${a.reason}`);
    assert.ok(reasons.includes('bob: not an administrator: GET /admin/review/roles/prod/Admin'));
    assert.ok(reasons.includes('bob: not an administrator: GET /api/v1/admin/review/roles/prod/Admin'));
    assert.ok(reasons.includes('alice: administrator token without a recent own second factor: GET /api/v1/admin/review/people/dir/alice'));
  });
});
