// The `type: saml` source's configuration and the sandbox's SAML providers: defaults, and every
// refusal naming its key.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, checkConfig } from '../../src/config/index.ts';
import { makeCertificate } from '../peers/simplesamlphp.ts';
import { TEST_ENV } from '../support/fixtures.ts';

let dir: string;
let cert: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'roleport-saml-config-'));
  cert = makeCertificate(dir, 'idp').cert;
  makeCertificate(dir, 'sp');
  writeFileSync(join(dir, 'idp-metadata.xml'), `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.test"><md:IDPSSODescriptor><md:KeyDescriptor><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>MIIB</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>`);
  writeFileSync(join(dir, 'not-metadata.xml'), '<html/>');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const check = (source: Record<string, unknown>, sandbox?: Record<string, unknown>) =>
  checkConfig(
    { session: { secret: 'env:TEST_SESSION_SECRET' }, identity: [{ id: 'corp', type: 'saml', ...source }], ...(sandbox ? { sandbox } : {}) },
    { env: { ...TEST_ENV, SP_KEY: 'a-private-key' }, baseDir: dir, file: 'roleport.yaml' },
  );
const problems = (source: Record<string, unknown>, sandbox?: Record<string, unknown>) => {
  try {
    check(source, sandbox);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected the configuration to be refused');
};

describe('the saml source configuration', () => {
  it('fills in the documented defaults', () => {
    const [corp] = check({ idpMetadata: 'https://idp.test/metadata' }).config.identity;
    assert.equal(corp.type, 'saml');
    if (corp.type !== 'saml') return;
    assert.deepEqual(corp.idpMetadata, { url: 'https://idp.test/metadata' });
    assert.equal(corp.allowIdpInitiated, false, 'an ordinary SAML source accepts only answers to its own requests');
    assert.equal(corp.clockSkew, 60);
    assert.equal(corp.signatureAlgorithm, 'sha256');
    assert.equal(corp.groupsAs, 'name');
    assert.equal(corp.wantResponseSigned, false);
    assert.equal(corp.awsFederation, false);
    assert.deepEqual(corp.attributes, {});
    assert.equal(corp.entityId, undefined, 'derived from server.publicUrl at startup');
    assert.equal(corp.recipients, undefined, 'the ACS URL (and AWS sign-in for AWS sources) at startup');
  });

  it('accepts IdP-initiated answers by default only for an AWS-federation source, whose tiles start at the IdP', () => {
    const [aws] = check({ idpMetadata: 'https://idp.test/metadata', awsFederation: true }).config.identity;
    assert.ok(aws.type === 'saml' && aws.allowIdpInitiated === true);
    const [strict] = check({ idpMetadata: 'https://idp.test/metadata', awsFederation: true, allowIdpInitiated: false }).config.identity;
    assert.ok(strict.type === 'saml' && strict.allowIdpInitiated === false);
  });

  it('reads metadata and certificates from files relative to the config file, and takes one attribute name or several', () => {
    const [corp] = check({
      idpMetadata: './idp-metadata.xml',
      signing: { privateKey: 'env:SP_KEY', certificate: './sp.crt', nextCertificate: './idp.crt' },
      attributes: { username: 'mail', groups: ['groups', 'memberOf'] },
    }).config.identity;
    if (corp.type !== 'saml') return assert.fail('not a saml source');
    assert.equal(corp.idpMetadata?.path, join(dir, 'idp-metadata.xml'));
    assert.match(corp.idpMetadata?.xml ?? '', /EntityDescriptor/);
    assert.equal(corp.signing?.privateKey.value, 'a-private-key');
    assert.equal(corp.signing?.certificate, readFileSync(join(dir, 'sp.crt'), 'utf8').trim());
    assert.deepEqual(corp.attributes, { username: ['mail'], groups: ['groups', 'memberOf'] });
  });

  it('accepts entryPoint with inline PEM certificates', () => {
    const [corp] = check({ entryPoint: 'https://idp.test/sso', idpCertificates: [cert] }).config.identity;
    if (corp.type !== 'saml') return assert.fail('not a saml source');
    assert.deepEqual(corp.idpCertificates, [cert.trim()]);
  });

  it('refuses a source without an IdP, or with both ways of naming it', () => {
    assert.deepEqual(problems({}), ['identity[0].idpMetadata: the IdP is missing: give idpMetadata (URL or file), or entryPoint with idpCertificates']);
    assert.deepEqual(problems({ entryPoint: 'https://idp.test/sso' }), ["identity[0].idpCertificates: is required with entryPoint: the IdP's signing certificate(s), PEM text or file paths"]);
    assert.ok(problems({ idpMetadata: 'https://idp.test/metadata', entryPoint: 'https://idp.test/sso', idpCertificates: [cert] }).includes('identity[0].idpMetadata: give either idpMetadata, or entryPoint with idpCertificates, not both'));
  });

  it('refuses unreadable metadata and certificates, naming the file', () => {
    assert.match(problems({ idpMetadata: './missing.xml' })[0], /^identity\[0\]\.idpMetadata: cannot read IdP metadata file .*missing\.xml: ENOENT/);
    assert.match(problems({ idpMetadata: './not-metadata.xml' })[0], /has no EntityDescriptor with a signing certificate/);
    assert.match(problems({ entryPoint: 'https://idp.test/sso', idpCertificates: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'] })[0], /^identity\[0\]\.idpCertificates\[0\]: is not a readable X\.509 certificate/);
  });

  it('refuses SHA-1, unknown keys and a clock skew over 10 minutes', () => {
    assert.match(problems({ idpMetadata: 'https://idp.test/m', signatureAlgorithm: 'sha1' })[0], /^identity\[0\]\.signatureAlgorithm: /);
    assert.match(problems({ idpMetadata: 'https://idp.test/m', wantAssertionsSigned: false })[0], /wantAssertionsSigned/);
    assert.match(problems({ idpMetadata: 'https://idp.test/m', clockSkew: '1h' })[0], /^identity\[0\]\.clockSkew: must be at most 10m/);
  });
});

describe('the sandbox SAML providers', () => {
  const sandbox = (provider: Record<string, unknown>) => ({ accounts: ['111111111111'], samlProviders: [{ account: '111111111111', name: 'corp', ...provider }] });

  it('takes a provider from a metadata file or a certificate', () => {
    const fromMetadata = check({ idpMetadata: 'https://idp.test/m' }, sandbox({ metadata: './idp-metadata.xml' })).config.sandbox?.samlProviders[0];
    assert.match(fromMetadata?.metadataXml ?? '', /EntityDescriptor/);
    const fromCert = check({ idpMetadata: 'https://idp.test/m' }, sandbox({ certificate: './idp.crt' })).config.sandbox?.samlProviders[0];
    assert.equal(fromCert?.certificate, cert.trim());
  });

  it('refuses a provider with neither or both, or a metadata URL', () => {
    assert.ok(problems({ idpMetadata: 'https://idp.test/m' }, sandbox({})).includes('sandbox.samlProviders[0].metadata: give either metadata (a file) or certificate'));
    assert.ok(problems({ idpMetadata: 'https://idp.test/m' }, sandbox({ metadata: 'https://idp.test/m' })).includes('sandbox.samlProviders[0].metadata: expected the path of a metadata file (like the file IAM takes)'));
  });
});
