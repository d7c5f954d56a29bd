// The name of a direct bind: DN template with the username escaped, or a UPN in the configured domain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { directBindName } from '../../src/identity/ldap/bind-name.ts';

describe('directBindName', () => {
  const template = { dnTemplate: 'uid={username},ou=people,dc=corp,dc=example' };
  const upn = { upnSuffix: 'corp.example' };

  it('puts the DN-escaped username into the DN template', () => {
    assert.deepEqual(directBindName(template, 'alice'), { name: 'uid=alice,ou=people,dc=corp,dc=example', username: 'alice' });
    assert.deepEqual(directBindName(template, 'x,ou=admins'), { name: 'uid=x\\,ou\\=admins,ou=people,dc=corp,dc=example', username: 'x,ou=admins' });
  });

  it('binds as username@upnSuffix, and accepts the full UPN typed in this domain', () => {
    assert.deepEqual(directBindName(upn, 'alice'), { name: 'alice@corp.example', username: 'alice' });
    assert.deepEqual(directBindName(upn, 'alice@CORP.example'), { name: 'alice@corp.example', username: 'alice' });
  });

  it('refuses a UPN in another domain and an empty name before it', () => {
    assert.equal(directBindName(upn, 'alice@evil.example'), undefined);
    assert.equal(directBindName(upn, 'alice@evil.example@corp.example'), undefined);
    assert.equal(directBindName(upn, '@corp.example'), undefined);
  });
});
