// The saml source's checks on responses Roleport receives, with responses crafted and signed by a
// test key pair: what is accepted, what is refused (and with which message), and how attributes map.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { samlSourceSchema } from '../../src/config/sources/saml.ts';
import { createSamlSource, type SamlSource } from '../../src/identity/index.ts';
import { groupName } from '../../src/identity/saml/index.ts';
import { createLogger } from '../../src/log.ts';
import { makeCertificate } from '../peers/simplesamlphp.ts';
import { type ForgeOptions, type Signer, buildAssertion, forgeResponse, newId, signElement, toBase64, wrapInResponse } from '../peers/saml/forge.ts';
import { refusal } from '../support/refusal.ts';

const PUBLIC_URL = 'https://roleport.test';
const IDP = 'https://idp.test/metadata';
const ACS = `${PUBLIC_URL}/saml/corp/acs`;
const SP = `${PUBLIC_URL}/saml/corp`;
const AWS_ROLE = 'https://aws.amazon.com/SAML/Attributes/Role';
const AWS_SESSION_NAME = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
const AWS_DURATION = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';

let dir: string;
let idp: Signer;
let intruder: Signer;
const silent = createLogger({ level: 'silent' });

function source(overrides: Record<string, unknown> = {}): SamlSource {
  const config = samlSourceSchema({ env: {}, baseDir: dir, warnings: [] }).parse({
    id: 'corp',
    type: 'saml',
    label: 'Corp IdP',
    entryPoint: 'https://idp.test/sso',
    idpIssuer: IDP,
    idpCertificates: [idp.cert],
    // Most answers here are unsolicited, as an IdP's portal sends them.
    allowIdpInitiated: true,
    ...overrides,
  });
  return createSamlSource(config, { logger: silent, publicUrl: PUBLIC_URL });
}

const ALICE = { uid: 'alice', displayName: 'Alice Admin', mail: 'alice@example.org', memberOf: ['cn=aws-admins,ou=groups,dc=example,dc=org', 'cn=developers,ou=groups,dc=example,dc=org'] };
const plain = (extra: Partial<ForgeOptions> = {}): ForgeOptions => ({ issuer: IDP, audience: SP, recipient: ACS, destination: ACS, attributes: ALICE, ...extra });


before(() => {
  dir = mkdtempSync(join(tmpdir(), 'roleport-saml-test-'));
  idp = makeCertificate(dir, 'idp');
  intruder = makeCertificate(dir, 'intruder');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('SAML responses Roleport accepts', () => {
  it('signs alice in from a signed IdP-initiated response, with groups from DNs turned into names', async () => {
    const identity = await source().completeSignIn(forgeResponse(plain(), idp), new Date());
    assert.equal(identity.username, 'alice');
    assert.equal(identity.displayName, 'Alice Admin');
    assert.equal(identity.email, 'alice@example.org');
    assert.deepEqual(identity.groups, ['aws-admins', 'developers']);
    assert.equal(identity.source, 'corp');
    assert.equal(identity.subject, 'alice');
    assert.equal(identity.federation, undefined);
  });

  it('keeps group DNs whole with groupsAs: dn, and reads the attributes the file names', async () => {
    const s = source({ groupsAs: 'dn', attributes: { username: 'mail', displayName: ['cn', 'displayName'], groups: 'memberOf' } });
    const identity = await s.completeSignIn(forgeResponse(plain(), idp), new Date());
    assert.equal(identity.username, 'alice@example.org');
    assert.deepEqual(identity.groups, ALICE.memberOf);
  });

  it('accepts a response whose Response element is signed as well', async () => {
    const identity = await source({ wantResponseSigned: true }).completeSignIn(forgeResponse(plain(), idp, { signResponse: true }), new Date());
    assert.equal(identity.username, 'alice');
  });

  it('counts an AuthnContext class as a second factor only when mfa.authnContexts names it', async () => {
    const refeds = 'https://refeds.org/profile/mfa';
    const unnamed = await source().completeSignIn(forgeResponse(plain({ authnContext: refeds }), idp), new Date());
    assert.equal(unnamed.mfa, false);
    const named = source({ mfa: { authnContexts: [refeds] } });
    assert.equal((await named.completeSignIn(forgeResponse(plain({ authnContext: refeds }), idp), new Date())).mfa, true);
    const password = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
    assert.equal((await named.completeSignIn(forgeResponse(plain({ authnContext: password }), idp), new Date())).mfa, false);
  });

  it('asks the IdP to authenticate again (ForceAuthn) only for a fresh sign-in, as /mfa requests when its MFA is stale', async () => {
    const requestOf = async (options?: { fresh?: boolean }) => {
      const url = new URL((await source().loginUrl('/keys/sandbox-prod/Admin', options)).url);
      return inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString();
    };
    assert.match(await requestOf({ fresh: true }), /<samlp:AuthnRequest [^>]*ForceAuthn="true"/);
    assert.doesNotMatch(await requestOf(), /ForceAuthn/);
  });

  it('takes the IdP from a metadata file: its entity ID as the issuer to check, its signing certificate', async () => {
    const metadata = join(dir, 'idp-metadata.xml');
    writeFileSync(metadata, `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${IDP}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${idp.cert.replace(/-----[^-]+-----|\s+/g, '')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`);
    const fromFile = source({ entryPoint: undefined, idpIssuer: undefined, idpCertificates: undefined, idpMetadata: metadata });
    assert.equal((await fromFile.completeSignIn(forgeResponse(plain(), idp), new Date())).username, 'alice');
    assert.equal((await refusal(fromFile.completeSignIn(forgeResponse(plain({ issuer: 'https://evil.test/idp' }), idp), new Date()))).code, 'saml_wrong_issuer');
    assert.ok((await fromFile.loginUrl('/')).url.startsWith('https://idp.test/sso?SAMLRequest='));
  });

  it('accepts a response from a second IdP certificate during the IdP\u2019s key rotation', async () => {
    const identity = await source({ idpCertificates: [intruder.cert, idp.cert] }).completeSignIn(forgeResponse(plain(), idp), new Date());
    assert.equal(identity.username, 'alice');
  });
});

describe('SAML responses Roleport refuses', () => {
  it('refuses an unsigned assertion', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain(), undefined), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
    assert.equal(error.message, 'The sign-in answer is not signed by Corp IdP with a certificate Roleport trusts.');
    assert.equal(error.status, 401);
  });

  it('refuses a response signed only on the Response, leaving the assertion unsigned', async () => {
    const xml = signElement(wrapInResponse(buildAssertion(plain()), plain()), 'Response', idp);
    const error = await refusal(source().completeSignIn(toBase64(xml), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
  });

  it('refuses an assertion signed with a certificate the IdP does not use', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain(), intruder), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
  });

  it('refuses an assertion whose attribute was changed after signing', async () => {
    const signed = Buffer.from(forgeResponse(plain(), idp), 'base64').toString('utf8');
    const tampered = signed.replace('cn=developers,ou=groups', 'cn=aws-root,ou=groups');
    assert.notEqual(tampered, signed);
    const error = await refusal(source().completeSignIn(toBase64(tampered), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
  });

  it('refuses an expired assertion and says to sign in again', async () => {
    const issued = new Date(Date.now() - 20 * 60_000);
    const error = await refusal(source().completeSignIn(forgeResponse(plain({ now: issued, lifetime: 300 }), idp), new Date()));
    assert.equal(error.code, 'saml_expired');
    assert.equal(error.message, 'The sign-in answer from Corp IdP has expired. Sign in again.');
  });

  it('accepts an assertion expired for less than the clock skew, and refuses it past the skew', async () => {
    const response = () => forgeResponse(plain({ now: new Date(Date.now() - 330_000), lifetime: 300 }), idp);
    assert.equal((await source({ clockSkew: '60s' }).completeSignIn(response(), new Date())).username, 'alice');
    assert.equal((await refusal(source({ clockSkew: '10s' }).completeSignIn(response(), new Date()))).code, 'saml_expired');
  });

  it('refuses an assertion for another audience', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain({ audience: 'https://other-app.test/sp' }), idp), new Date()));
    assert.equal(error.code, 'saml_wrong_audience');
    assert.equal(error.message, 'The sign-in answer from Corp IdP is meant for another service, not for Roleport.');
  });

  it('refuses a response meant for another SP of the same IdP (its audience, recipient and destination)', async () => {
    const other = 'https://wiki.test/saml/acs';
    const error = await refusal(source().completeSignIn(forgeResponse(plain({ audience: 'https://wiki.test/saml', recipient: other, destination: other }), idp), new Date()));
    assert.match(error.code, /^saml_wrong_(audience|destination|recipient)$/);
  });

  it('refuses an assertion addressed to another Recipient even when the audience is ours', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain({ recipient: 'https://wiki.test/saml/acs' }), idp), new Date()));
    assert.equal(error.code, 'saml_wrong_recipient');
    assert.equal(error.message, 'The sign-in answer from Corp IdP is addressed to https://wiki.test/saml/acs, which this Roleport sign-in does not accept.');
  });

  it('refuses a response whose Destination is another service', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain({ destination: 'https://wiki.test/saml/acs' }), idp), new Date()));
    assert.equal(error.code, 'saml_wrong_destination');
  });

  it('refuses the same response used twice', async () => {
    const s = source();
    const response = forgeResponse(plain(), idp);
    await s.completeSignIn(response, new Date());
    const error = await refusal(s.completeSignIn(response, new Date()));
    assert.equal(error.code, 'saml_replayed');
    assert.equal(error.message, 'This sign-in answer has already been used. Start the sign-in again.');
  });

  it('refuses a signature made with SHA-1', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain(), idp, { algorithm: 'sha1' }), new Date()));
    assert.equal(error.code, 'saml_weak_signature');
    assert.equal(error.message, 'The sign-in answer from Corp IdP is signed with http://www.w3.org/2000/09/xmldsig#rsa-sha1; Roleport accepts RSA with SHA-256 or better.');
  });

  it('refuses an assertion from another issuer signed with a trusted key', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain({ issuer: 'https://evil.test/idp' }), idp), new Date()));
    assert.equal(error.code, 'saml_wrong_issuer');
  });

  it('refuses a response that is not yet valid', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain({ now: new Date(Date.now() + 10 * 60_000), notBeforeOffset: 0 }), idp), new Date()));
    assert.equal(error.code, 'saml_not_yet_valid');
  });

  it('refuses an answer to a request Roleport never sent', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(plain({ inResponseTo: newId() }), idp), new Date()));
    assert.equal(error.code, 'saml_unsolicited');
  });

  it('refuses IdP-initiated responses when allowIdpInitiated is false', async () => {
    const error = await refusal(source({ allowIdpInitiated: false }).completeSignIn(forgeResponse(plain(), idp), new Date()));
    assert.equal(error.code, 'saml_unsolicited');
  });

  it('refuses a document with a DOCTYPE (entity expansion)', async () => {
    const signed = Buffer.from(forgeResponse(plain(), idp), 'base64').toString('utf8');
    const error = await refusal(source().completeSignIn(toBase64(`<!DOCTYPE r [<!ENTITY x "alice">]>${signed}`), new Date()));
    assert.equal(error.code, 'saml_invalid');
  });

  it('refuses a missing or malformed SAMLResponse', async () => {
    assert.equal((await refusal(source().completeSignIn(undefined, new Date()))).code, 'saml_invalid');
    assert.equal((await refusal(source().completeSignIn('not base64 <xml>', new Date()))).code, 'saml_invalid');
  });
});

describe('XML signature wrapping', () => {
  const evil = () => buildAssertion(plain({ nameId: 'mallory', attributes: { uid: 'mallory', memberOf: ['cn=aws-admins,ou=groups,dc=example,dc=org'] } }));
  const genuine = () => signElement(buildAssertion(plain({ attributes: { uid: 'bob', memberOf: ['cn=developers,ou=groups,dc=example,dc=org'] } })), 'Assertion', idp);

  it('refuses an unsigned assertion placed beside the signed one', async () => {
    const xml = wrapInResponse(evil() + genuine(), plain());
    const error = await refusal(source().completeSignIn(toBase64(xml), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
  });

  it('refuses the signed assertion hidden in an Extensions element behind an unsigned one', async () => {
    const xml = wrapInResponse(evil(), plain()).replace('<samlp:Status>', `<samlp:Extensions>${genuine()}</samlp:Extensions><samlp:Status>`);
    const error = await refusal(source().completeSignIn(toBase64(xml), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
  });

  it('refuses an unsigned assertion that wraps the signed one inside itself', async () => {
    const outer = evil().replace('</saml:Assertion>', `<saml:Advice>${genuine()}</saml:Advice></saml:Assertion>`);
    const error = await refusal(source().completeSignIn(toBase64(wrapInResponse(outer, plain())), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
  });

  it('refuses an unsigned assertion reusing the signed assertion\u2019s ID', async () => {
    const signed = genuine();
    const id = /ID="([^"]+)"/.exec(signed)?.[1] ?? assert.fail('no ID');
    const copy = evil().replace(/ID="[^"]+"/, `ID="${id}"`);
    const xml = wrapInResponse(copy, plain()).replace('<samlp:Status>', `<samlp:Extensions>${signed}</samlp:Extensions><samlp:Status>`);
    const error = await refusal(source().completeSignIn(toBase64(xml), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
  });

  it('refuses a signed Response whose signature covers another Response nested in it', async () => {
    const signedResponse = signElement(wrapInResponse(genuine(), plain()), 'Response', idp);
    const xml = wrapInResponse(evil(), plain()).replace('<samlp:Status>', `<samlp:Extensions>${signedResponse.replace(/^<\?xml[^>]*>/, '')}</samlp:Extensions><samlp:Status>`);
    const error = await refusal(source({ wantResponseSigned: true }).completeSignIn(toBase64(xml), new Date()));
    assert.equal(error.code, 'saml_bad_signature');
  });
});

describe('AWS federation responses', () => {
  const ROLE_ADMIN = 'arn:aws:iam::111111111111:role/Admin';
  const ROLE_DEV = 'arn:aws:iam::222222222222:role/team/Developer';
  const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/corp';
  const PROVIDER_DEV = 'arn:aws:iam::222222222222:saml-provider/corp';
  const aws = (extra: Partial<ForgeOptions> = {}, attributes: Record<string, string | string[]> = {}): ForgeOptions => ({
    issuer: IDP,
    audience: 'urn:amazon:webservices',
    recipient: 'https://signin.aws.amazon.com/saml',
    destination: `${PUBLIC_URL}/saml/corp/acs`,
    attributes: { uid: 'alice', [AWS_ROLE]: [`${ROLE_ADMIN},${PROVIDER}`, `${PROVIDER_DEV},${ROLE_DEV}`], [AWS_SESSION_NAME]: 'alice@example.org', [AWS_DURATION]: '7200', ...attributes },
    ...extra,
  });

  it('reads the Role pairs in either order, the session name and duration, and keeps the response as received', async () => {
    const response = forgeResponse(aws(), idp);
    const identity = await source({ awsFederation: true }).completeSignIn(response, new Date());
    assert.equal(identity.federation?.kind, 'saml');
    if (identity.federation?.kind !== 'saml') return;
    assert.deepEqual(identity.federation.roles, [
      { roleArn: ROLE_ADMIN, providerArn: PROVIDER },
      { roleArn: ROLE_DEV, providerArn: PROVIDER_DEV },
    ]);
    assert.equal(identity.federation.assertion, response);
    assert.equal(identity.federation.roleSessionName, 'alice@example.org');
    assert.equal(identity.federation.sessionDuration, 7200);
    assert.equal(identity.federation.recipient, 'https://signin.aws.amazon.com/saml');
    assert.ok(identity.federation.notOnOrAfter.getTime() > Date.now());
  });

  it("accepts Roleport's own ACS as the Recipient by default, and only the listed recipients when given", async () => {
    const toAcs = () => forgeResponse(aws({ recipient: ACS }), idp);
    assert.equal((await source({ awsFederation: true }).completeSignIn(toAcs(), new Date())).federation?.kind, 'saml');
    const error = await refusal(source({ awsFederation: true, recipients: ['https://signin.aws.amazon.com/saml'] }).completeSignIn(toAcs(), new Date()));
    assert.equal(error.code, 'saml_wrong_recipient');
  });

  it('refuses an AWS assertion arriving at a plain sign-in source (audience urn:amazon:webservices)', async () => {
    const error = await refusal(source().completeSignIn(forgeResponse(aws({ recipient: ACS }), idp), new Date()));
    assert.equal(error.code, 'saml_wrong_audience');
  });

  it('refuses an assertion that names no AWS role', async () => {
    const error = await refusal(source({ awsFederation: true }).completeSignIn(forgeResponse(aws({}, { [AWS_ROLE]: 'not-a-pair' }), idp), new Date()));
    assert.equal(error.code, 'saml_no_aws_roles');
    assert.equal(error.message, 'The AWS sign-in answer from Corp IdP names no AWS role (the https://aws.amazon.com/SAML/Attributes/Role attribute). Ask for access to an AWS role at Corp IdP.');
  });

  it('refuses a RoleSessionName AWS would refuse, and a SessionDuration out of range', async () => {
    const spaces = await refusal(source({ awsFederation: true }).completeSignIn(forgeResponse(aws({}, { [AWS_SESSION_NAME]: 'Alice Admin' }), idp), new Date()));
    assert.equal(spaces.message, "The AWS sign-in answer from Corp IdP cannot be used: the RoleSessionName 'Alice Admin' is not 2-64 letters, digits and _ + = , . @ -.");
    const long = await refusal(source({ awsFederation: true }).completeSignIn(forgeResponse(aws({}, { [AWS_DURATION]: '86400' }), idp), new Date()));
    assert.equal(long.code, 'saml_bad_session_duration');
  });
});

describe('SP metadata', () => {
  it('publishes the entity ID, ACS, SLO and both signing certificates during a rotation', () => {
    const xml = source({ signing: { privateKey: idp.key, certificate: idp.cert, nextCertificate: intruder.cert } }).metadata();
    assert.match(xml, new RegExp(`entityID="${SP}"`));
    assert.match(xml, new RegExp(`AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ACS}"`));
    assert.match(xml, /SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https:\/\/roleport.test\/saml\/corp\/slo"/);
    assert.equal([...xml.matchAll(/<md:KeyDescriptor use="signing">/g)].length, 2);
    assert.match(xml, /WantAssertionsSigned="true"/);
  });
});

describe('group names from DNs', () => {
  it('takes the first RDN value of a DN, unescaping it, and keeps plain names as they are', () => {
    assert.equal(groupName('cn=aws-admins,ou=groups,dc=example,dc=org'), 'aws-admins');
    assert.equal(groupName('CN=Domain Admins,CN=Users,DC=corp,DC=example'), 'Domain Admins');
    assert.equal(groupName('cn=Smith\\, John,ou=groups'), 'Smith, John');
    assert.equal(groupName('developers'), 'developers');
  });

  it('falls back to the NameID for the username when no attribute carries it', async () => {
    const identity = await source().completeSignIn(forgeResponse(plain({ nameId: 'carol', attributes: { groups: 'ops' } }), idp), new Date());
    assert.equal(identity.username, 'carol');
    assert.equal(identity.displayName, 'carol');
    assert.deepEqual(identity.groups, ['ops']);
  });
});
