// The bounded map behind sign-in tokens and console sessions: entries expire, single-use takes remove,
// and a full map makes room by dropping expired entries first, then the oldest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExpiringMap } from '../../src/sandbox/expiring-map.ts';

test('an entry lives until its expiry and take() hands it out once', () => {
  const map = new ExpiringMap<string>(10);
  map.set('token', 'grant', 1_000, 0);
  assert.equal(map.get('token', 999), 'grant');
  assert.equal(map.get('token', 1_000), undefined);
  map.set('once', 'grant', 1_000, 0);
  assert.equal(map.take('once', 10), 'grant');
  assert.equal(map.take('once', 10), undefined);
});

test('a full map drops expired entries first, then the oldest, and never grows past its bound', () => {
  const map = new ExpiringMap<number>(10);
  for (let i = 0; i < 10; i++) map.set(`k${i}`, i, i < 5 ? 100 : 10_000, 0);
  map.set('new', 99, 10_000, 200);
  assert.equal(map.size, 6, 'the five expired entries made room');
  for (let i = 0; i < 20; i++) map.set(`more${i}`, i, 10_000, 200);
  assert.ok(map.size <= 10);
  assert.equal(map.get('k5', 200), undefined, 'the oldest live entries went first');
  assert.equal(map.get('more19', 200), 19);
});
