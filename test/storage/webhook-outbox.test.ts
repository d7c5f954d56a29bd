// The webhook outbox on both engines, with two replicas on one database: concurrent claims never hand
// the same row to both; a lease that ran out (its replica died mid-send) lets another replica take the
// row, and the late replica can no longer mark it; a delivered row is never claimed again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { StorageConfig } from '../../src/config/index.ts';
import { TEST_POSTGRES, throwawaySchema } from '../support/postgres-schema.ts';
import { type Storage, openStorage } from '../../src/storage/index.ts';

const POSTGRES = TEST_POSTGRES;
const dir = mkdtempSync(join(tmpdir(), 'roleport-outbox-'));
const schema = throwawaySchema('roleport_outbox_test');

after(() => rmSync(dir, { recursive: true, force: true }));

const engines: [string, StorageConfig][] = [
  ['SQLite', { type: 'sqlite', path: join(dir, 'outbox.db') }],
  ['PostgreSQL', { type: 'postgres', url: { value: POSTGRES, from: 'test' }, schema }],
];

const T0 = 1_800_000_000_000;
const LEASE = 35_000;

for (const [engine, config] of engines) {
  describe(`the webhook outbox on ${engine}`, () => {
    let one: Storage;
    let two: Storage;
    before(async () => {
      one = await openStorage(config);
      two = await openStorage(config);
    });
    after(async () => {
      await one?.close();
      await two?.close();
    });

    test('two replicas claiming at once get each due row once between them', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `race-${String(i).padStart(2, '0')}`);
      for (const id of ids) await one.webhookOutbox.add({ id, body: `{"id":"${id}"}` }, T0);
      const drain = async (storage: Storage, owner: string) => {
        const got: string[] = [];
        for (;;) {
          const claimed = await storage.webhookOutbox.claimDue({ now: T0, leaseUntil: T0 + LEASE, owner, limit: 3 });
          if (claimed.length === 0) return got;
          got.push(...claimed.map((row) => row.id));
        }
      };
      const owners = ['a', 'b', 'c', 'd'];
      const got = await Promise.all(owners.map((owner, i) => drain(i % 2 ? two : one, owner)));
      const all = got.flat();
      assert.equal(all.length, ids.length, 'no row claimed twice');
      assert.deepEqual([...all].sort(), ids);
      for (const [i, owner] of owners.entries()) for (const id of got[i]) await one.webhookOutbox.delivered(id, owner, T0);
      assert.deepEqual(await two.webhookOutbox.claimDue({ now: T0 + 10 * LEASE, leaseUntil: T0 + 11 * LEASE, owner: 'e', limit: 50 }), [], 'delivered rows are never claimed again');
    });

    test('a lease that ran out lets another replica send the row; the first can no longer mark it', async () => {
      await one.webhookOutbox.add({ id: 'stale', body: '{"id":"stale"}' }, T0);
      const first = await one.webhookOutbox.claimDue({ now: T0, leaseUntil: T0 + LEASE, owner: 'dead', limit: 1 });
      assert.deepEqual(first, [{ id: 'stale', body: '{"id":"stale"}', attempts: 1 }]);
      assert.deepEqual(await two.webhookOutbox.claimDue({ now: T0 + LEASE - 1, leaseUntil: T0 + 2 * LEASE, owner: 'alive', limit: 1 }), [], 'held while the lease runs');
      const second = await two.webhookOutbox.claimDue({ now: T0 + LEASE, leaseUntil: T0 + 2 * LEASE, owner: 'alive', limit: 1 });
      assert.deepEqual(second, [{ id: 'stale', body: '{"id":"stale"}', attempts: 2 }]);
      await one.webhookOutbox.retryAt('stale', 'dead', T0, 'late answer');
      assert.deepEqual(await one.webhookOutbox.claimDue({ now: T0 + LEASE + 1, leaseUntil: T0 + 3 * LEASE, owner: 'third', limit: 1 }), [], "the late replica's retry did not free the row");
      await two.webhookOutbox.delivered('stale', 'alive', T0 + LEASE + 2);
      const row = await one.db.get<{ state: string; attempts: number }>(`SELECT state, attempts FROM webhook_outbox WHERE id = 'stale'`);
      assert.deepEqual({ ...row, attempts: Number(row?.attempts) }, { state: 'delivered', attempts: 2 });
    });

    test('a row due later is not claimed before its time', async () => {
      await one.webhookOutbox.add({ id: 'later', body: '{}' }, T0);
      const [claimed] = await one.webhookOutbox.claimDue({ now: T0, leaseUntil: T0 + LEASE, owner: 'x', limit: 1 });
      assert.equal(claimed.id, 'later');
      await one.webhookOutbox.retryAt('later', 'x', T0 + 60_000, 'HTTP 500');
      assert.deepEqual(await two.webhookOutbox.claimDue({ now: T0 + 59_999, leaseUntil: T0 + 100_000, owner: 'y', limit: 1 }), []);
      assert.equal((await two.webhookOutbox.claimDue({ now: T0 + 60_000, leaseUntil: T0 + 100_000, owner: 'y', limit: 1 }))[0]?.id, 'later');
    });
  });
}
