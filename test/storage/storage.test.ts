// Per-person storage on both engines: migrations at start (once, even with replicas starting
// together), factors and recovery codes keyed by person, the checks that must hold under races.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { StorageConfig } from '../../src/config/index.ts';
import { TEST_POSTGRES, throwawaySchema } from '../support/postgres-schema.ts';
import { MIGRATIONS, type StoredFactor, migrate, openDatabase, openStorage } from '../../src/storage/index.ts';

const POSTGRES = TEST_POSTGRES;
const dir = mkdtempSync(join(tmpdir(), 'roleport-storage-'));
const schema = throwawaySchema('roleport_storage_test');

after(() => rmSync(dir, { recursive: true, force: true }));

const engines: [string, () => StorageConfig][] = [
  ['SQLite', () => ({ type: 'sqlite', path: join(dir, `${randomBytes(4).toString('hex')}.db`) })],
  ['PostgreSQL', () => ({ type: 'postgres', url: { value: POSTGRES, from: 'test' }, schema })],
];

const alice = { source: 'corp', subject: 'uid=alice' };
const aliceElsewhere = { source: 'okta', subject: 'uid=alice' };

function totpFactor(id: string, person = alice): StoredFactor {
  return { id, person, kind: 'totp', name: 'Phone', createdAt: 1000, totp: { encryptedSecret: 'v1.opaque' } };
}

for (const [engine, makeConfig] of engines) {
  describe(`storage on ${engine}`, () => {
    const config = makeConfig();

    test('the schema is created at start, and starting again applies nothing twice', async () => {
      const db = await openDatabase(config);
      try {
        const first = await migrate(db, MIGRATIONS);
        assert.deepEqual(await migrate(db, MIGRATIONS), [], 'a second start finds the schema current');
        const applied = await db.all<{ id: number; name: string }>('SELECT id, name FROM storage_migrations ORDER BY id');
        assert.deepEqual(applied.map((row) => Number(row.id)), MIGRATIONS.map((m) => m.id));
        assert.ok(first.length === 0 || first[0] === 1);
      } finally {
        await db.close();
      }
    });

    test('a later migration is applied on the next start, once', async () => {
      const extra = { id: 9000 + Math.floor(Math.random() * 999), name: 'test table', sql: `CREATE TABLE extra_${randomBytes(3).toString('hex')} (id TEXT PRIMARY KEY);` };
      const start = async () => {
        const db = await openDatabase(config);
        try {
          return await migrate(db, [...MIGRATIONS, extra]);
        } finally {
          await db.close();
        }
      };
      // PostgreSQL replicas start together; SQLite is one machine's file, opened by one process at a time.
      const starts = engine === 'PostgreSQL' ? await Promise.all([start(), start(), start()]) : [await start(), await start()];
      assert.deepEqual(starts.flat(), [extra.id], 'the replicas starting together apply it exactly once');
    });

    test('factors belong to a person by source and subject, not by username', async () => {
      const storage = await openStorage(config);
      try {
        await storage.factors.add(totpFactor('f-1'));
        await storage.factors.add({ id: 'f-2', person: alice, kind: 'webauthn', name: 'YubiKey', createdAt: 2000, webauthn: { credentialId: `cred-${randomBytes(4).toString('hex')}`, publicKey: 'pk', signCount: 5, transports: ['usb', 'nfc'] } });
        assert.deepEqual((await storage.factors.list(alice)).map((f) => [f.id, f.kind, f.name]), [['f-1', 'totp', 'Phone'], ['f-2', 'webauthn', 'YubiKey']]);
        assert.deepEqual((await storage.factors.list(alice))[1].webauthn?.transports, ['usb', 'nfc']);
        assert.equal(await storage.factors.count(aliceElsewhere), 0, 'the same subject from another source is another person');
        assert.equal(await storage.factors.rename(aliceElsewhere, 'f-1', 'Stolen'), false, 'another person cannot rename it');
        assert.equal(await storage.factors.rename(alice, 'f-1', 'Work phone'), true);
        assert.equal((await storage.factors.list(alice))[0].name, 'Work phone');
        assert.equal(await storage.factors.remove(aliceElsewhere, 'f-2'), false);
        assert.equal(await storage.factors.remove(alice, 'f-2'), true);
        assert.equal(await storage.factors.removeAll(alice), 1);
      } finally {
        await storage.close();
      }
    });

    test('a TOTP time step is claimed once, and never an earlier one afterwards', async () => {
      const storage = await openStorage(config);
      try {
        await storage.factors.add(totpFactor('f-step'));
        const racing = await Promise.all([1, 2, 3].map(() => storage.factors.claimTotpStep(alice, 'f-step', 100, 5000)));
        assert.deepEqual(racing.filter(Boolean).length, 1, 'one of three simultaneous uses of a code wins');
        assert.equal(await storage.factors.claimTotpStep(alice, 'f-step', 99, 5000), false);
        assert.equal(await storage.factors.claimTotpStep(alice, 'f-step', 101, 5000), true);
        assert.equal((await storage.factors.list(alice))[0].totp?.lastStep, 101);
        await storage.factors.removeAll(alice);
      } finally {
        await storage.close();
      }
    });

    test('a WebAuthn signature counter must grow (0 stays allowed for authenticators without one)', async () => {
      const storage = await openStorage(config);
      try {
        await storage.factors.add({ id: 'f-count', person: alice, kind: 'webauthn', name: 'Key', createdAt: 1, webauthn: { credentialId: `c-${randomBytes(4).toString('hex')}`, publicKey: 'pk', signCount: 5, transports: [] } });
        assert.equal(await storage.factors.advanceSignCount(alice, 'f-count', 5, 10), false, 'a repeated counter is a cloned authenticator');
        assert.equal(await storage.factors.advanceSignCount(alice, 'f-count', 6, 10), true);
        await storage.factors.add({ id: 'f-zero', person: alice, kind: 'webauthn', name: 'Passkey', createdAt: 2, webauthn: { credentialId: `c-${randomBytes(4).toString('hex')}`, publicKey: 'pk', signCount: 0, transports: [] } });
        assert.equal(await storage.factors.advanceSignCount(alice, 'f-zero', 0, 10), true);
        await storage.factors.removeAll(alice);
      } finally {
        await storage.close();
      }
    });

    test('recovery codes are replaced as a set and each is used once', async () => {
      const storage = await openStorage(config);
      try {
        await storage.recoveryCodes.replace(alice, ['h1', 'h2', 'h3'], 1);
        await storage.recoveryCodes.replace(alice, ['h4', 'h5'], 2);
        assert.equal(await storage.recoveryCodes.remaining(alice), 2, 'the earlier set is gone');
        assert.equal(await storage.recoveryCodes.use(alice, 'h1', 3), false);
        assert.equal(await storage.recoveryCodes.use(aliceElsewhere, 'h4', 3), false);
        assert.equal(await storage.recoveryCodes.use(alice, 'h4', 3), true);
        assert.equal(await storage.recoveryCodes.use(alice, 'h4', 4), false, 'not twice');
        assert.equal(await storage.recoveryCodes.remaining(alice), 1);
        assert.equal(await storage.recoveryCodes.removeAll(alice), 2);
      } finally {
        await storage.close();
      }
    });

    test('people are remembered for administrators, with their factor count', async () => {
      const storage = await openStorage(config);
      try {
        await storage.people.remember({ ...alice, username: 'alice', displayName: 'Alice', seenAt: 1 });
        await storage.people.remember({ ...alice, username: 'alice2', displayName: 'Alice Renamed', seenAt: 2 });
        await storage.factors.add(totpFactor('f-people'));
        assert.deepEqual(await storage.people.find(alice), { ...alice, username: 'alice2', displayName: 'Alice Renamed', seenAt: 2 });
        const listed = (await storage.factors.people()).find((p) => p.subject === alice.subject && p.source === alice.source);
        assert.equal(listed?.username, 'alice2');
        assert.equal(listed?.factors, 1);
        await storage.factors.removeAll(alice);
      } finally {
        await storage.close();
      }
    });
    test('recent roles keep the last five, the latest first, and each person has their own', async () => {
      const storage = await openStorage(config);
      try {
        for (const [at, role] of ['a/One', 'a/Two', 'a/Three', 'b/One', 'b/Two', 'b/Three'].entries()) await storage.recentRoles.touch(alice, role, 100 + at);
        await storage.recentRoles.touch(alice, 'a/Two', 200);
        assert.deepEqual((await storage.recentRoles.list(alice)).map((r) => r.roleKey), ['a/Two', 'b/Three', 'b/Two', 'b/One', 'a/Three']);
        // The latest role used again, then another one and a new one: each use still moves its role first.
        await storage.recentRoles.touch(alice, 'a/Two', 201);
        await storage.recentRoles.touch(alice, 'b/Two', 202);
        await storage.recentRoles.touch(alice, 'a/Two', 203);
        await storage.recentRoles.touch(alice, 'c/New', 204);
        assert.deepEqual((await storage.recentRoles.list(alice)).map((r) => r.roleKey), ['c/New', 'a/Two', 'b/Two', 'b/Three', 'b/One']);
        assert.deepEqual(await storage.recentRoles.list(aliceElsewhere), [], 'the same subject in another source is another person');
        await storage.favouriteRoles.set(alice, 'a/One', true, 1);
        await storage.favouriteRoles.set(alice, 'a/One', true, 2);
        assert.deepEqual(await storage.favouriteRoles.list(alice), ['a/One']);
        assert.deepEqual(await storage.favouriteRoles.list(aliceElsewhere), []);
        await storage.favouriteRoles.set(alice, 'a/One', false, 3);
        assert.deepEqual(await storage.favouriteRoles.list(alice), []);
      } finally {
        await storage.close();
      }
    });
  });
}
