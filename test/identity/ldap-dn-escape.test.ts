// RFC 4514 escaping of values in DNs (users.dnTemplate), and reading a DN's first RDN (memberOf names).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeDnValue, fillDn, firstRdn } from '../../src/identity/ldap/dn-escape.ts';

describe('escapeDnValue', () => {
  it('escapes the RFC 4514 specials and =', () => {
    assert.equal(escapeDnValue('Smith, Jo'), 'Smith\\, Jo');
    assert.equal(escapeDnValue('a+b;c<d>e"f\\g=h'), 'a\\+b\\;c\\<d\\>e\\"f\\\\g\\=h');
  });

  it('escapes NUL, a leading # or space and a trailing space', () => {
    assert.equal(escapeDnValue('a\0b'), 'a\\00b');
    assert.equal(escapeDnValue('#alice'), '\\#alice');
    assert.equal(escapeDnValue(' alice '), '\\ alice\\ ');
    assert.equal(escapeDnValue('a#b c'), 'a#b c');
  });

  it('leaves ordinary and non-ASCII characters alone', () => {
    assert.equal(escapeDnValue('álice.o-neil_2'), 'álice.o-neil_2');
  });

  it('keeps an injected RDN inside the value', () => {
    assert.equal(fillDn('uid={username},ou=people,dc=corp,dc=example', { username: 'x,ou=admins' }), 'uid=x\\,ou\\=admins,ou=people,dc=corp,dc=example');
  });
});

describe('firstRdn', () => {
  it('reads the type and value of the first RDN', () => {
    assert.deepEqual(firstRdn('cn=aws-admins,ou=groups,dc=corp,dc=example'), { type: 'cn', value: 'aws-admins' });
    assert.deepEqual(firstRdn('CN=Domain Users,CN=Users,DC=corp,DC=example'), { type: 'CN', value: 'Domain Users' });
  });

  it('unescapes backslash pairs and hex escapes, UTF-8 included', () => {
    assert.deepEqual(firstRdn('cn=Smith\\, Jo,ou=x'), { type: 'cn', value: 'Smith, Jo' });
    assert.deepEqual(firstRdn('cn=jo\\2C smith,ou=x'), { type: 'cn', value: 'jo, smith' });
    assert.deepEqual(firstRdn('cn=\\C3\\A9quipe,ou=x'), { type: 'cn', value: 'équipe' });
    assert.deepEqual(firstRdn('cn=équipe+uid=1,ou=x'), { type: 'cn', value: 'équipe' });
  });

  it('round-trips values escaped by escapeDnValue', () => {
    for (const value of ['Smith, Jo', '#1 team', 'a+b', 'x\\y', 'équipe "A"']) {
      assert.equal(firstRdn(`cn=${escapeDnValue(value)},ou=x`)?.value, value);
    }
  });

  it('gives nothing for text that is not a DN', () => {
    assert.equal(firstRdn('aws-admins'), undefined);
    assert.equal(firstRdn('cn=broken\\'), undefined);
    assert.equal(firstRdn('cn=\\ff,ou=x'), undefined);
  });
});
