// Temporary credentials the sandbox issues: verifiable by this process only, bound to their key id,
// refused when altered or expired.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionAuthority, type SessionClaims } from '../../src/sandbox/session-credentials.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const issuedAt = Math.floor(NOW.getTime() / 1000);
const claims: Omit<SessionClaims, 'accessKeyId'> = {
  kind: 'assumed-role',
  account: '111111111111',
  arn: 'arn:aws:sts::111111111111:assumed-role/Admin/alice',
  userId: 'AROAEXAMPLE:alice',
  console: 'session-duration',
  issuedBy: 'AssumeRole',
  issuedAt,
  expiresAt: issuedAt + 900,
};

test('issued credentials look like STS’s and verify with their own key id until they expire', () => {
  const authority = new SessionAuthority();
  const issued = authority.issue(claims);
  assert.match(issued.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(issued.secretAccessKey.length, 40);
  assert.equal(authority.secretFor(issued.accessKeyId), issued.secretAccessKey);
  assert.deepEqual(authority.verify(issued.accessKeyId, issued.sessionToken, NOW), { ok: true, claims: { ...claims, accessKeyId: issued.accessKeyId } });
  assert.deepEqual(authority.verify(issued.accessKeyId, issued.sessionToken, new Date(NOW.getTime() + 900_000)), { ok: false, reason: 'expired' });
});

test('a token is refused with another key id, when altered, when missing, or from another sandbox process', () => {
  const authority = new SessionAuthority();
  const a = authority.issue(claims);
  const b = authority.issue(claims);
  assert.deepEqual(authority.verify(a.accessKeyId, b.sessionToken, NOW), { ok: false, reason: 'invalid' });
  assert.deepEqual(authority.verify(a.accessKeyId, undefined, NOW), { ok: false, reason: 'invalid' });
  // Lengthen the session by rewriting the payload: the signature no longer matches.
  const [payload, mac] = a.sessionToken.slice(4).split('.');
  const longer = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), expiresAt: issuedAt + 99_999 })).toString('base64url');
  assert.deepEqual(authority.verify(a.accessKeyId, `RPSB${longer}.${mac}`, NOW), { ok: false, reason: 'invalid' });
  assert.deepEqual(new SessionAuthority().verify(a.accessKeyId, a.sessionToken, NOW), { ok: false, reason: 'invalid' });
});
