// roleport serve's keys in memory: the same keys while fresh, new ones before they expire, one
// request to Roleport at a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RENEW_BEFORE_MS, createCredentialKeeper } from '../../src/cli/credential-keeper.ts';

const HOUR = 3600_000;

function roleport(clock: { now: number }, lifetimeMs: number) {
  const asked: number[] = [];
  let serial = 0;
  const fetchFresh = async (minLeftMs: number) => {
    asked.push(minLeftMs);
    return { Expiration: new Date(clock.now + lifetimeMs).toISOString(), serial: ++serial };
  };
  return { asked, fetchFresh };
}

test('keys are reused while more than 15 minutes are left, and renewed before the SDKs would ask for new ones', async () => {
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const upstream = roleport(clock, HOUR);
  const keeper = createCredentialKeeper(upstream.fetchFresh, () => clock.now);
  assert.equal((await keeper.get()).serial, 1);
  clock.now += HOUR - RENEW_BEFORE_MS - 1000;
  assert.equal((await keeper.get()).serial, 1);
  clock.now += 2000;
  assert.equal((await keeper.get()).serial, 2);
  assert.equal(upstream.asked.length, 2);
  assert.ok(upstream.asked[1] > RENEW_BEFORE_MS - 1000, 'the renewal accepts only keys that outlive the old ones');
});

test('short-lived keys are renewed at half their life, and callers at the same moment share one request', async () => {
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const upstream = roleport(clock, 15 * 60_000);
  const keeper = createCredentialKeeper(upstream.fetchFresh, () => clock.now);
  const [a, b] = await Promise.all([keeper.get(), keeper.get()]);
  assert.equal(a.serial, 1);
  assert.equal(b.serial, 1);
  clock.now += 7 * 60_000;
  assert.equal((await keeper.get()).serial, 1);
  clock.now += 60_000;
  assert.equal((await keeper.get()).serial, 2);
});
