import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, parseHashCost, verifyPassword } from '../../src/identity/index.ts';

test('a hash verifies its own password only, and carries its cost', async () => {
  const hash = await hashPassword('correct horse', { ln: 4, r: 8, p: 1 });
  assert.match(hash, /^\$scrypt\$ln=4,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
  assert.deepEqual(parseHashCost(hash), { ln: 4, r: 8, p: 1 });
  assert.equal(await verifyPassword('correct horse', hash), true);
  assert.equal(await verifyPassword('correct horse ', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

test('two hashes of one password differ (random salt)', async () => {
  const cost = { ln: 4, r: 8, p: 1 };
  assert.notEqual(await hashPassword('same', cost), await hashPassword('same', cost));
});

test('a malformed hash never verifies', async () => {
  assert.equal(await verifyPassword('x', 'plain-text-password'), false);
  assert.equal(await verifyPassword('x', '$scrypt$ln=4,r=8,p=1$$'), false);
});
