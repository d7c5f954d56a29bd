// Device-flow user codes: 8 letters without vowels or look-alikes, read back however typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayUserCode, newUserCode, normalizeUserCode } from '../../src/api/user-code.ts';

test('new codes are 8 letters of BCDFGHJKLMNPQRSTVWXZ, shown as XXXX-XXXX', () => {
  const codes = new Set(Array.from({ length: 200 }, () => newUserCode()));
  assert.ok(codes.size > 195, 'codes are drawn at random');
  for (const code of codes) {
    assert.match(code, /^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
    assert.match(displayUserCode(code), /^[A-Z]{4}-[A-Z]{4}$/);
  }
});

test('a typed code is read whatever its case, dash or spaces; anything else is no code', () => {
  assert.equal(normalizeUserCode('bcdf-ghjk'), 'BCDFGHJK');
  assert.equal(normalizeUserCode(' BCDF GHJK '), 'BCDFGHJK');
  assert.equal(normalizeUserCode('BCDFGHJK'), 'BCDFGHJK');
  assert.equal(normalizeUserCode('BCDF-GHJA'), undefined); // a vowel is never part of a code
  assert.equal(normalizeUserCode('BCDF-GHJ'), undefined);
  assert.equal(normalizeUserCode(['BCDFGHJK']), undefined);
  assert.equal(normalizeUserCode('B'.repeat(40)), undefined);
});
