// The `type: oidc` source's configuration: defaults, and every refusal naming its key.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, checkConfig } from '../../src/config/index.ts';
import { TEST_ENV } from '../support/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'roleport-oidc-config-'));
writeFileSync(join(dir, 'corp-ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
writeFileSync(join(dir, 'not-a-cert.pem'), 'hello\n');

const source = (extra: Record<string, unknown> = {}) => ({ id: 'corp', type: 'oidc', issuer: 'https://login.example.com/realms/corp', clientId: 'roleport', clientSecret: 'env:OIDC_SECRET', ...extra });
const check = (extra: Record<string, unknown> = {}) =>
  checkConfig({ session: { secret: 'env:TEST_SESSION_SECRET' }, identity: [source(extra)] }, { env: { ...TEST_ENV, OIDC_SECRET: 's3cret' }, baseDir: dir, file: 'roleport.yaml' });
const problems = (extra: Record<string, unknown>) => {
  try {
    check(extra);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected the configuration to be refused');
};

describe('the oidc source configuration', () => {
  it('fills in the documented defaults', () => {
    const [corp] = check().config.identity;
    assert.equal(corp.type, 'oidc');
    if (corp.type !== 'oidc') return;
    assert.deepEqual(corp.scopes, ['openid', 'profile', 'email']);
    assert.deepEqual(corp.claims, { username: 'preferred_username', displayName: 'name', email: 'email', attributes: {} });
    assert.deepEqual(corp.allowedAlgorithms, ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512']);
    assert.deepEqual(corp.requiredClaims, {});
    assert.equal(corp.useUserinfo, false);
    assert.equal(corp.providerLogout, true);
    assert.equal(corp.clockTolerance, 30);
    assert.equal(corp.timeout, 10);
    assert.equal(corp.redirectUri, undefined, 'derived from server.publicUrl at startup');
    assert.deepEqual(corp.clientSecret, { value: 's3cret', from: 'env:OIDC_SECRET' });
  });

  it('reads the CA file relative to the configuration file', () => {
    const [corp] = check({ ca: './corp-ca.pem' }).config.identity;
    assert.equal(corp.type === 'oidc' && corp.ca?.path, join(dir, 'corp-ca.pem'));
  });

  it('accepts a public client without a secret', () => {
    const [corp] = check({ clientSecret: undefined }).config.identity;
    assert.equal(corp.type === 'oidc' && corp.clientSecret, undefined);
  });

  it('refuses an issuer that is not https', () => {
    assert.deepEqual(problems({ issuer: 'http://login.example.com' }), [
      "identity[0].issuer: expected an https:// URL without query, fragment or credentials (AWS accepts only https issuers) (found 'http://login.example.com')",
    ]);
  });

  it("refuses alg 'none' and HMAC algorithms", () => {
    const found = problems({ allowedAlgorithms: ['RS256', 'none', 'HS256'] });
    assert.equal(found.length, 2);
    for (const problem of found) assert.match(problem, /^identity\[0\]\.allowedAlgorithms\[\d\]: found '(none|HS256)', allowed: 'RS256' \| /);
  });

  it('refuses scopes without openid, unknown keys and a CA file that holds no certificate', () => {
    assert.deepEqual(problems({ scopes: ['profile'] }), ["identity[0].scopes: must include 'openid'"]);
    assert.deepEqual(problems({ clientSecrt: 'x' }), ["identity[0].clientSecrt: unknown key 'clientSecrt'; check the spelling against the README's configuration reference"]);
    assert.match(problems({ ca: './not-a-cert.pem' })[0], /^identity\[0\]\.ca: CA file .*not-a-cert\.pem holds no PEM certificate/);
  });

  it('takes required claims as values or lists of accepted values', () => {
    const [corp] = check({ requiredClaims: { email_verified: true, hd: ['example.com', 'example.org'] }, claims: { groups: 'realm_access.roles' } }).config.identity;
    assert.deepEqual(corp.type === 'oidc' && corp.requiredClaims, { email_verified: true, hd: ['example.com', 'example.org'] });
    assert.equal(corp.type === 'oidc' && corp.claims.groups, 'realm_access.roles');
  });
});
