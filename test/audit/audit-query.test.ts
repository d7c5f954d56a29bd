// Reading the audit trail back from SQLite and PostgreSQL: every filter, newest first, and keyset
// pages that neither repeat nor skip a record, even when records share a time or arrive between pages.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { type AuditRecord, type AuditStore, createPostgresAuditStore, createSqliteAuditStore, decodeAuditCursor, encodeAuditCursor, readAuditFilter } from '../../src/audit/index.ts';
import { readAuditPage } from '../../src/audit/index.ts';
import { dropPostgresAuditTable } from '../support/audit-tables.ts';

const POSTGRES = process.env.ROLEPORT_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** 30 records a minute apart from 10:00 (three share 10:05), by alice, bob and mallory. */
function trail(): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < 30; i++) {
    const minute = i < 8 && i >= 5 ? 5 : i;
    const at = new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();
    const who = ['alice', 'bob', 'mallory'][i % 3];
    const issued = i % 3 !== 2;
    records.push({
      id: randomUUID(),
      at,
      event: issued ? (i % 2 === 0 ? 'credentials.issued' : 'console.opened') : 'login.failed',
      outcome: issued ? 'success' : 'refused',
      actor: { username: who, source: 'corp' },
      target: issued ? { account: i % 4 === 0 ? 'prod' : 'dev', role: i % 4 === 0 ? 'Admin' : 'Developer' } : undefined,
      reason: issued ? undefined : 'wrong username or password',
    });
  }
  // An administrator ended bob's access: bob is its target, not its actor.
  records.push({ id: randomUUID(), at: '2026-12-01T11:00:00.000Z', event: 'session.ended', outcome: 'success', actor: { username: 'alice', source: 'corp' }, target: { username: 'bob', source: 'corp' } });
  return records;
}

const newestFirst = (records: AuditRecord[]) => [...records].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));

async function allPages(store: AuditStore, filter: ReturnType<typeof readAuditFilter>, size: number) {
  const audit = { search: store.search! };
  const pages: string[][] = [];
  let page = await readAuditPage(audit, filter, undefined, size);
  pages.push(page.records.map((r) => r.id));
  while (page.next) {
    page = await readAuditPage(audit, filter, decodeAuditCursor(encodeAuditCursor(page.next)), size);
    pages.push(page.records.map((r) => r.id));
  }
  return pages;
}

function searchTests(name: string, open: () => Promise<AuditStore>, cleanUp: () => Promise<void>) {
  describe(`searching the ${name} audit store`, () => {
    let store: AuditStore;
    const records = trail();
    const ids = (found: AuditRecord[]) => found.map((r) => r.id);
    const search = (input: Record<string, string>, limit = 100) => store.search!({ filter: readAuditFilter(input), limit });
    before(async () => {
      store = await open();
      for (const record of records) await store.append(record);
    });
    after(async () => {
      await store.close();
      await cleanUp();
    });

    test('without a filter every record comes back, newest first, ties broken by id', async () => {
      assert.deepEqual(ids(await search({})), ids(newestFirst(records)));
    });

    test('each filter keeps only its records', async () => {
      const expect = (predicate: (r: AuditRecord) => boolean) => ids(newestFirst(records.filter(predicate)));
      assert.deepEqual(ids(await search({ person: 'mallory' })), expect((r) => r.actor?.username === 'mallory'));
      assert.deepEqual(ids(await search({ person: 'bob', source: 'corp' })), expect((r) => r.actor?.username === 'bob' || r.target?.username === 'bob'), 'bob as actor and as target');
      assert.deepEqual(await search({ person: 'bob', source: 'other' }), []);
      assert.deepEqual(ids(await search({ account: 'prod' })), expect((r) => r.target?.account === 'prod'));
      assert.deepEqual(ids(await search({ account: 'dev', role: 'Developer' })), expect((r) => r.target?.account === 'dev'));
      assert.deepEqual(ids(await search({ role: 'Admin' })), expect((r) => r.target?.role === 'Admin'));
      assert.deepEqual(ids(await search({ event: 'console.opened' })), expect((r) => r.event === 'console.opened'));
      assert.deepEqual(ids(await search({ outcome: 'refused' })), expect((r) => r.outcome === 'refused'));
      assert.deepEqual(ids(await search({ from: '2026-12-01T10:05', to: '2026-12-01T10:10' })), expect((r) => r.at >= '2026-12-01T10:05' && r.at < '2026-12-01T10:10'));
      assert.deepEqual(ids(await search({ person: 'alice', event: 'credentials.issued', from: '2026-12-01T10:20:00Z' })), expect((r) => r.actor?.username === 'alice' && r.event === 'credentials.issued' && r.at >= '2026-12-01T10:20'));
    });

    test('pages of 4 cover every record once, in order, across the records that share a minute', async () => {
      const pages = await allPages(store, readAuditFilter({}), 4);
      assert.equal(pages.length, 8);
      assert.ok(pages.slice(0, -1).every((page) => page.length === 4));
      assert.deepEqual(pages.flat(), ids(newestFirst(records)));
    });

    test('a filtered page continues within its filter, and records written after the first page do not shift the next', async () => {
      const filter = readAuditFilter({ outcome: 'success' });
      const first = await readAuditPage({ search: store.search! }, filter, undefined, 5);
      await store.append({ id: randomUUID(), at: '2026-12-01T12:00:00.000Z', event: 'console.opened', outcome: 'success', actor: { username: 'alice', source: 'corp' } });
      const second = await readAuditPage({ search: store.search! }, filter, first.next, 5);
      const expected = ids(newestFirst(records.filter((r) => r.outcome === 'success')));
      assert.deepEqual([...ids(first.records), ...ids(second.records)], expected.slice(0, 10));
    });
  });
}

searchTests('SQLite', async () => createSqliteAuditStore(':memory:'), async () => {});

const table = `roleport_audit_query_${randomBytes(4).toString('hex')}`;
searchTests('PostgreSQL', () => createPostgresAuditStore({ url: POSTGRES, table }), () => dropPostgresAuditTable(POSTGRES, table));

describe('audit filters from a query string', () => {
  test('a bad value is refused with the field named, not ignored', () => {
    assert.throws(() => readAuditFilter({ event: 'login.hacked' }), /the filter 'event' must be one of login.succeeded, /);
    assert.throws(() => readAuditFilter({ outcome: 'maybe' }), /the filter 'outcome' must be one of success, refused, error; found 'maybe'/);
    assert.throws(() => readAuditFilter({ from: 'yesterday' }), /the filter 'from' must be a time like 2026-12-01T10:00 \(UTC\)/);
    assert.throws(() => readAuditFilter({ from: '2026-12-02', to: '2026-12-01' }), /the filter 'from' must be before 'to'/);
    assert.throws(() => readAuditFilter({ person: ['a', 'b'] }), /the filter 'person' must be one text/);
    assert.throws(() => readAuditFilter({ source: 'corp' }), /the filter 'source' needs a 'person' too/);
    assert.throws(() => decodeAuditCursor('bm90IGEgY3Vyc29y'), /the page position \(after\) is not one Roleport made/);
  });

  test('times without a zone are UTC; a day alone starts at midnight UTC', () => {
    assert.deepEqual(readAuditFilter({ from: '2026-12-01', to: '2026-12-01T10:30' }), { from: '2026-12-01T00:00:00.000Z', to: '2026-12-01T10:30:00.000Z' });
    assert.deepEqual(readAuditFilter({ from: '2026-12-01T10:30:00+01:00' }), { from: '2026-12-01T09:30:00.000Z' });
  });
});
