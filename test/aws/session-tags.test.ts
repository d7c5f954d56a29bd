import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSessionTags, checkTagTemplates } from '../../src/aws/session-tags.ts';
import type { Identity } from '../../src/identity/index.ts';

const alice: Identity = {
  subject: 'alice',
  username: 'alice',
  displayName: 'Alice Admin',
  email: 'alice@example.com',
  groups: ['aws-admins'],
  attributes: { department: ['platform'], teams: ['blue', 'red'], empty: [''] },
  source: 'corp',
  mfa: false,
  authTime: new Date(0),
};

function refusal(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (error) {
    return error as { status: number; code: string; message: string };
  }
  assert.fail('expected a refusal');
}

describe('session tags from identity fields', () => {
  it('fills {username}, {email}, {displayName} and {attributes.<name>}, with literal text around them', () => {
    const tags = buildSessionTags(
      { user: '{username}', mail: '{email}', name: '{displayName}', department: 'dept-{attributes.department}', fixed: 'roleport' },
      alice,
      'prod/Admin',
    );
    assert.deepEqual(tags, [
      { Key: 'user', Value: 'alice' },
      { Key: 'mail', Value: 'alice@example.com' },
      { Key: 'name', Value: 'Alice Admin' },
      { Key: 'department', Value: 'dept-platform' },
      { Key: 'fixed', Value: 'roleport' },
    ]);
  });

  it('joins several values of one attribute with a colon, since a tag holds one value', () => {
    assert.deepEqual(buildSessionTags({ teams: '{attributes.teams}' }, alice, 'prod/Admin'), [{ Key: 'teams', Value: 'blue:red' }]);
  });

  it('refuses, naming the tag and the field, when the person lacks a field a tag needs', () => {
    const error = refusal(() => buildSessionTags({ cost: '{attributes.costCenter}' }, alice, 'prod/Admin'));
    assert.equal(error.status, 403);
    assert.equal(error.code, 'session_tags_invalid');
    assert.equal(error.message, "Roleport cannot open prod/Admin for you: its session tag 'cost' needs your costCenter, and your account has none.");
    const empty = refusal(() => buildSessionTags({ e: '{attributes.empty}' }, alice, 'prod/Admin'));
    assert.match(empty.message, /needs your empty, and your account has none/);
    const noEmail = refusal(() => buildSessionTags({ mail: '{email}' }, { ...alice, email: undefined }, 'prod/Admin'));
    assert.match(noEmail.message, /needs your email/);
  });

  it('refuses a value with a character AWS does not accept in tags', () => {
    const error = refusal(() => buildSessionTags({ name: '{displayName}' }, { ...alice, displayName: "Alice O'Brien" }, 'prod/Admin'));
    assert.equal(error.message, "Roleport cannot open prod/Admin for you: its session tag 'name' would contain ''', which AWS does not accept in tag values (allowed: letters, digits, spaces and _ . : / = + - @).");
  });

  it('accepts letters of any script and spaces in values', () => {
    assert.deepEqual(buildSessionTags({ name: '{displayName}' }, { ...alice, displayName: 'Zoë Ångström 李' }, 'prod/Admin'), [{ Key: 'name', Value: 'Zoë Ångström 李' }]);
  });

  it('refuses a value longer than 256 characters', () => {
    const error = refusal(() => buildSessionTags({ name: '{displayName}' }, { ...alice, displayName: 'a'.repeat(257) }, 'prod/Admin'));
    assert.match(error.message, /would be 257 characters long; AWS accepts at most 256\.$/);
    assert.equal(buildSessionTags({ name: '{displayName}' }, { ...alice, displayName: 'a'.repeat(256) }, 'prod/Admin')[0].Value.length, 256);
  });

  it('finds template problems before any call: too many tags, unknown fields, keys equal but for case, bad keys', () => {
    const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
    assert.deepEqual(checkTagTemplates(many), ['has 49 session tags; STS accepts at most 50, and Roleport keeps 2 for its mfa tags: at most 48']);
    assert.deepEqual(checkTagTemplates(Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`k${i}`, 'v']))), []);
    assert.deepEqual(checkTagTemplates({ a: '{groups}' }), ["session tag 'a' names {groups}; allowed: {username}, {email}, {displayName}, {attributes.<name>}"]);
    assert.deepEqual(checkTagTemplates({ Dept: 'x', dept: 'y' }), ["session tag keys 'Dept' and 'dept' differ only in case; AWS treats them as one"]);
    assert.deepEqual(checkTagTemplates({ 'a,b': 'x' }), ["session tag key 'a,b' must be 1-128 letters, digits, spaces and _ . : / = + - @"]);
    assert.deepEqual(checkTagTemplates({ ['k'.repeat(129)]: 'x' }).length, 1);
    assert.deepEqual(checkTagTemplates({ a: 'x' }, ['b']), ["transitive tag key 'b' is not one of its session tags"]);
  });
});
