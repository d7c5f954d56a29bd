import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeNextPath } from '../../src/broker/safe-next-path.ts';

test('our own paths, with their query, are kept', () => {
  assert.equal(safeNextPath('/roles/prod/Admin'), '/roles/prod/Admin');
  assert.equal(safeNextPath('/console/prod/Admin?destination=x'), '/console/prod/Admin?destination=x');
});

test('anything that could lead to another host becomes /', () => {
  for (const value of ['https://evil.example', '//evil.example', '/\\evil.example', '\\/evil.example', 'evil.example', 'javascript:alert(1)', '/\t/evil.example', '/\n/evil.example', ' /', '', undefined, 42, ['/x'], '/' + 'a'.repeat(3000)]) {
    assert.equal(safeNextPath(value), '/', String(value));
  }
});

test('the login and logout pages are not places to return to', () => {
  assert.equal(safeNextPath('/login?next=/x'), '/');
  assert.equal(safeNextPath('/logout'), '/');
});
