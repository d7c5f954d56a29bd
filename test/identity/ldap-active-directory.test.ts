// Active Directory rules slapd cannot play: SIDs and the primary group, account flags, bind sub-codes,
// and the in-chain (nested membership) filter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AndFilter, type ExtensibleFilter, FilterParser } from 'ldapts';
import { adBindSubcode, isDisabled, isLocked } from '../../src/identity/ldap/account-state.ts';
import { AD_IN_CHAIN_RULE, membershipFilter } from '../../src/identity/ldap/groups.ts';
import { formatSid, primaryGroupSid } from '../../src/identity/ldap/sid.ts';

// alice's objectSid in the test directory: S-1-5-21-1001-2002-3003-1104.
const ALICE_SID = Buffer.from('AQUAAAAAAAUVAAAA6QMAANIHAAC7CwAAUAQAAA==', 'base64');
const entry = (attributes: Record<string, string>) => ({ dn: 'CN=Alice,OU=People,DC=corp,DC=example', ...attributes });

describe('Security identifiers', () => {
  it('formats a binary objectSid as S-1-5-21-...', () => {
    assert.equal(formatSid(ALICE_SID), 'S-1-5-21-1001-2002-3003-1104');
  });

  it("gives the primary group's SID: the user's domain with the primaryGroupID as last part", () => {
    const group = primaryGroupSid(ALICE_SID, 513);
    assert.ok(group);
    assert.equal(formatSid(group), 'S-1-5-21-1001-2002-3003-513');
    assert.equal(formatSid(ALICE_SID), 'S-1-5-21-1001-2002-3003-1104', 'the user SID is left as it was');
  });

  it('refuses bytes that are not a SID and ids out of range', () => {
    assert.equal(formatSid(Buffer.from('not a sid')), undefined);
    assert.equal(primaryGroupSid(Buffer.from([1, 5, 0]), 513), undefined);
    assert.equal(primaryGroupSid(ALICE_SID, -1), undefined);
    assert.equal(primaryGroupSid(ALICE_SID, 2 ** 32), undefined);
  });
});

describe('Account state', () => {
  it('reads the ACCOUNTDISABLE bit (0x2) of userAccountControl, whatever the other bits', () => {
    assert.equal(isDisabled(entry({ userAccountControl: '512' })), false);
    assert.equal(isDisabled(entry({ userAccountControl: '514' })), true);
    assert.equal(isDisabled(entry({ userAccountControl: String(0x10202) })), true);
    assert.equal(isDisabled(entry({ userAccountControl: String(0x10200) })), false);
    assert.equal(isDisabled(entry({})), false);
  });

  it('treats lockoutTime > 0 and any pwdAccountLockedTime as locked', () => {
    assert.equal(isLocked(entry({ lockoutTime: '0' })), false);
    assert.equal(isLocked(entry({ lockoutTime: '133400000000000000' })), true);
    assert.equal(isLocked(entry({ pwdAccountLockedTime: '000001010000Z' })), true);
    assert.equal(isLocked(entry({})), false);
  });

  it("lets AD's computed lockout flag overrule a lockoutTime left over from an expired lockout", () => {
    const stale = entry({ lockoutTime: '133400000000000000' });
    assert.equal(isLocked(stale, entry({ 'msDS-User-Account-Control-Computed': '0' })), false);
    assert.equal(isLocked(stale, entry({ 'msDS-User-Account-Control-Computed': '16' })), true);
  });

  it("reads AD's bind failure sub-code", () => {
    assert.equal(adBindSubcode('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 533, v4563'), '533');
    assert.equal(adBindSubcode('80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563'), '775');
    assert.equal(adBindSubcode('Invalid Credentials'), undefined);
  });
});

describe('Nested groups on Active Directory', () => {
  it('asks the DC for membership through any depth with the in-chain matching rule, the DN escaped', () => {
    const filter = membershipFilter({ filter: '(objectClass=group)' }, 'member', ['CN=Smith\\, Jo (ops),OU=People,DC=corp,DC=example'], AD_IN_CHAIN_RULE);
    assert.equal(filter, '(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=CN=Smith\\5c, Jo \\28ops\\29,OU=People,DC=corp,DC=example))');
    // What goes on the wire: an extensible match on member with the rule and the DN as typed.
    const chain = (FilterParser.parseString(filter) as AndFilter).filters[1] as ExtensibleFilter;
    assert.equal(chain.matchType, 'member');
    assert.equal(chain.rule, AD_IN_CHAIN_RULE);
    assert.equal(chain.value, 'CN=Smith\\, Jo (ops),OU=People,DC=corp,DC=example');
  });

  it('asks for the members of several groups at once in the recursive search', () => {
    assert.equal(membershipFilter({ filter: '(objectClass=*)' }, 'member', ['cn=a,dc=x', 'cn=b*,dc=x']), '(&(objectClass=*)(|(member=cn=a,dc=x)(member=cn=b\\2a,dc=x)))');
  });
});
