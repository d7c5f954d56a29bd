// RFC 4515 escaping of values in LDAP filters, and filling the users.filter template.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FilterParser } from 'ldapts';
import { escapeFilterValue, fillFilter } from '../../src/identity/ldap/filter-escape.ts';

describe('escapeFilterValue', () => {
  it('escapes the five characters RFC 4515 reserves', () => {
    assert.equal(escapeFilterValue('*'), '\\2a');
    assert.equal(escapeFilterValue('('), '\\28');
    assert.equal(escapeFilterValue(')'), '\\29');
    assert.equal(escapeFilterValue('\\'), '\\5c');
    assert.equal(escapeFilterValue('\0'), '\\00');
  });

  it('turns classic injection attempts into plain text', () => {
    assert.equal(escapeFilterValue('*)(uid=*'), '\\2a\\29\\28uid=\\2a');
    assert.equal(escapeFilterValue('alice)(|(objectClass=*'), 'alice\\29\\28|\\28objectClass=\\2a');
    assert.equal(escapeFilterValue('\\2a'), '\\5c2a');
  });

  it('leaves ordinary and non-ASCII characters alone (UTF-8 is valid in a filter)', () => {
    assert.equal(escapeFilterValue('alice.smith@corp.example'), 'alice.smith@corp.example');
    assert.equal(escapeFilterValue('álice Ødegård 山田'), 'álice Ødegård 山田');
    assert.equal(escapeFilterValue('CN=Smith\\, Jo,OU=People'), 'CN=Smith\\5c, Jo,OU=People');
  });

  it('yields filters that parse back to exactly the value typed', () => {
    for (const value of ['*', ')(uid=*', 'a\\b', 'x\0y', 'álice', '(*)', 'ok']) {
      const parsed = FilterParser.parseString(`(uid=${escapeFilterValue(value)})`) as unknown as { value: string; constructor: { name: string } };
      assert.equal(parsed.constructor.name, 'EqualityFilter', `value ${JSON.stringify(value)}`);
      assert.equal(parsed.value, value);
    }
  });
});

describe('fillFilter', () => {
  it('puts the escaped username in every {username} placeholder', () => {
    assert.equal(fillFilter('(|(uid={username})(mail={username}))', { username: 'a*' }), '(|(uid=a\\2a)(mail=a\\2a))');
  });

  it('does not read placeholders out of the value it inserts', () => {
    assert.equal(fillFilter('(uid={username})', { username: '{username}' }), '(uid={username})');
    assert.equal(fillFilter('(&(uid={username})(o={username}))', { username: '{username})(' }), '(&(uid={username}\\29\\28)(o={username}\\29\\28))');
  });
});
