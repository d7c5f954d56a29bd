import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAccessPolicy, closestEntitlements, readSearchQuery, resolveEntitlements, searchEntitlements } from '../../src/access/index.ts';
import { checkConfig } from '../../src/config/index.ts';
import { isRoleportError } from '../../src/errors.ts';
import { TEST_ENV, baseConfig } from '../support/fixtures.ts';

const { config } = checkConfig(baseConfig(), { env: TEST_ENV, baseDir: '.', file: '(test)' });
const everyRole = resolveEntitlements({ groups: ['aws-admins', 'developers'] }, buildAccessPolicy(config));
const find = (query: string, scope?: 'names') => searchEntitlements(everyRole, query, scope).map((e) => e.role.key);

describe('finding a role by typing', () => {
  test('every word must match, in any order, across account and role', () => {
    assert.deepEqual(find('prod adm'), ['prod/Admin']);
    assert.deepEqual(find('adm prod'), ['prod/Admin']);
    assert.deepEqual(find('readonly'), ['dev/ReadOnly', 'prod/ReadOnly']);
    assert.deepEqual(find('readonly staging'), []);
  });

  test('letters A-Z match whatever their case', () => {
    assert.deepEqual(find('PROD ADMIN'), ['prod/Admin']);
    assert.deepEqual(find('rEaDoNlY DeV'), ['dev/ReadOnly']);
  });

  test('the account id and the description are found too, but deep links look at names only', () => {
    assert.deepEqual(find('2222 developer'), ['dev/Developer']);
    assert.deepEqual(find('administrator'), ['prod/Admin']);
    assert.deepEqual(find('administrator', 'names'), []);
  });

  test('an empty query keeps every role', () => {
    assert.equal(find('   ').length, 4);
  });

  test('the closest roles to a query that matched nothing come first', () => {
    assert.deepEqual(closestEntitlements(everyRole, 'prod admn', 1).map((e) => e.role.key), ['prod/Admin']);
    assert.deepEqual(closestEntitlements(everyRole, 'devloper', 1).map((e) => e.role.key), ['dev/Developer']);
  });

  test('a query from outside must be short text', () => {
    assert.equal(readSearchQuery(undefined), '');
    assert.equal(readSearchQuery(' prod '), 'prod');
    for (const bad of [['a', 'b'], 'x'.repeat(201)]) {
      assert.throws(() => readSearchQuery(bad), (error) => isRoleportError(error) && error.status === 400 && /the search 'q'/.test(error.message));
    }
  });
});
