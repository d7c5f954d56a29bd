import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimStrings, describeUnmetClaim, findUnmetClaim, identityFromClaims, isMultiFactor, readClaim } from '../../src/identity/oidc/index.ts';

const source = {
  id: 'corp',
  mfa: { amr: [], acr: [] },
  claims: { username: 'preferred_username', displayName: 'name', email: 'email', groups: 'groups', attributes: { department: 'department' } },
};
const now = new Date('2026-01-01T10:00:00Z');
const expiresAt = new Date('2026-01-01T11:00:00Z');
const map = (claims: Record<string, unknown>, claimsMapping: Partial<typeof source.claims> = {}) =>
  identityFromClaims({ claims, idToken: 'header.payload.signature', expiresAt, source: { ...source, claims: { ...source.claims, ...claimsMapping } }, label: 'Corp SSO', now });

describe('OIDC claims mapping', () => {
  it("maps alice's claims onto an identity that carries her ID token for web identity roles", () => {
    const identity = map({ sub: '00u-alice', preferred_username: 'alice', name: 'Alice Example', email: 'alice@example.com', groups: ['aws-admins', 'developers'], department: 'platform', auth_time: 1767261000 });
    assert.deepEqual(identity, {
      subject: 'corp:00u-alice',
      username: 'alice',
      displayName: 'Alice Example',
      email: 'alice@example.com',
      groups: ['aws-admins', 'developers'],
      attributes: { department: ['platform'] },
      source: 'corp',
      mfa: false,
      authTime: new Date(1767261000 * 1000),
      federation: { kind: 'oidc', idToken: 'header.payload.signature', expiresAt },
    });
  });

  it('reads groups from a space-separated string', () => {
    assert.deepEqual(map({ sub: 'x', preferred_username: 'bob', groups: 'developers  on-call' }).groups, ['developers', 'on-call']);
  });

  it('reads groups from a nested path such as realm_access.roles', () => {
    const identity = map({ sub: 'x', preferred_username: 'bob', realm_access: { roles: ['developers', 'offline_access'] } }, { groups: 'realm_access.roles' });
    assert.deepEqual(identity.groups, ['developers', 'offline_access']);
  });

  it('reads a namespaced claim whose name itself holds dots', () => {
    const claims = { 'https://example.com/groups': ['aws-admins'] };
    assert.deepEqual(readClaim(claims, 'https://example.com/groups'), ['aws-admins']);
    assert.deepEqual(readClaim({ a: { 'b.c': { d: 1 } } }, 'a.b.c.d'), 1);
  });

  it('gives no groups when the claim is absent, and drops duplicates and non-strings', () => {
    assert.deepEqual(map({ sub: 'x', preferred_username: 'bob' }).groups, []);
    assert.deepEqual(claimStrings(['a', 'a', { nested: true }, 7]), ['a', 'a', '7']);
    assert.deepEqual(map({ sub: 'x', preferred_username: 'bob', groups: ['a', 'a'] }).groups, ['a']);
  });

  it('falls back to the username for the display name, and refuses a sign-in without a username claim', () => {
    assert.equal(map({ sub: 'x', preferred_username: 'bob' }).displayName, 'bob');
    assert.throws(() => map({ sub: 'x', email: 'bob@example.com' }), {
      status: 403,
      message: "Roleport requires the claim 'preferred_username' (used as your username); Corp SSO did not send it.",
    });
  });

  it('counts an amr method or an acr as a second factor only when the source names it', () => {
    const none = { amr: [], acr: [] };
    assert.equal(isMultiFactor({ amr: ['pwd', 'otp'] }, none), false);
    assert.equal(isMultiFactor({ amr: ['mfa'], acr: 'phr' }, none), false);
    const named = { amr: ['otp', 'hwk'], acr: ['http://schemas.openid.net/pape/policies/2007/06/multi-factor'] };
    assert.equal(isMultiFactor({ amr: ['pwd'] }, named), false);
    assert.equal(isMultiFactor({ amr: ['pwd', 'otp'] }, named), true);
    assert.equal(isMultiFactor({ amr: 'hwk' }, named), true);
    assert.equal(isMultiFactor({ acr: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' }, named), true);
    assert.equal(isMultiFactor({ acr: 'urn:mace:incommon:iap:silver' }, named), false);
    assert.equal(isMultiFactor({}, named), false);
  });
});

describe('OIDC required claims', () => {
  const required = { email_verified: true, hd: 'example.com' };

  it('accepts claims that meet every requirement, whatever the JSON type of equal values', () => {
    assert.equal(findUnmetClaim({ email_verified: true, hd: 'example.com' }, required), undefined);
    assert.equal(findUnmetClaim({ email_verified: 'true', hd: 'example.com' }, required), undefined);
  });

  it('names a missing required claim', () => {
    const unmet = findUnmetClaim({ email_verified: true }, required);
    assert.deepEqual(unmet, { claim: 'hd', expected: ['example.com'], found: undefined });
    assert.equal(describeUnmetClaim(unmet!, 'Corp SSO'), "Roleport requires the claim 'hd' to be 'example.com'; Corp SSO did not send it.");
  });

  it('names a required claim with another value, and what was sent', () => {
    const unmet = findUnmetClaim({ email_verified: false, hd: 'example.com' }, required);
    assert.equal(describeUnmetClaim(unmet!, 'Corp SSO'), "Roleport requires the claim 'email_verified' to be 'true'; Corp SSO sent 'false'.");
  });

  it('accepts any value of a list, and a list claim that contains the value', () => {
    assert.equal(findUnmetClaim({ hd: 'corp.example.com' }, { hd: ['example.com', 'corp.example.com'] }), undefined);
    assert.equal(findUnmetClaim({ roles: ['staff', 'aws'] }, { roles: 'aws' }), undefined);
    assert.equal(describeUnmetClaim(findUnmetClaim({ hd: 'x.org' }, { hd: ['a.com', 'b.com'] })!, 'P'), "Roleport requires the claim 'hd' to be one of 'a.com', 'b.com'; P sent 'x.org'.");
  });
});
