// Builds SAML Responses the way an IdP would, signed with a test key pair (xml-crypto), so tests can
// make what SimpleSAMLphp never sends: expired, unsigned, wrongly signed, tampered, wrapped, replayed.
import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export type ForgeOptions = {
  issuer: string;
  audience: string;
  recipient: string;
  destination?: string;
  inResponseTo?: string;
  nameId?: string;
  now?: Date;
  /** Seconds the assertion lives (NotOnOrAfter = now + lifetime). */
  lifetime?: number;
  /** Seconds before `now` the assertion starts (NotBefore). */
  notBeforeOffset?: number;
  attributes?: Record<string, string | string[]>;
  assertionId?: string;
  authnContext?: string;
};

export type Signer = { key: string; cert: string };

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
export const newId = () => `_${randomBytes(16).toString('hex')}`;

export function buildAssertion(options: ForgeOptions): string {
  const now = options.now ?? new Date();
  const notBefore = new Date(now.getTime() - (options.notBeforeOffset ?? 30) * 1000);
  const notOnOrAfter = new Date(now.getTime() + (options.lifetime ?? 300) * 1000);
  const id = options.assertionId ?? newId();
  const attributes = Object.entries(options.attributes ?? {})
    .map(([name, value]) => `<saml:Attribute Name="${escape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${(Array.isArray(value) ? value : [value]).map((v) => `<saml:AttributeValue xsi:type="xs:string">${escape(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
    .join('');
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escape(options.inResponseTo)}"` : '';
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${id}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${escape(options.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escape(options.nameId ?? 'alice')}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${escape(options.recipient)}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${escape(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="_session${id}"><saml:AuthnContext><saml:AuthnContextClassRef>${escape(options.authnContext ?? 'urn:oasis:names:tc:SAML:2.0:ac:classes:Password')}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
    `</saml:Assertion>`
  );
}

export function wrapInResponse(assertionXml: string, options: Pick<ForgeOptions, 'issuer' | 'destination' | 'inResponseTo' | 'now'> & { responseId?: string }): string {
  const now = options.now ?? new Date();
  const destination = options.destination ? ` Destination="${escape(options.destination)}"` : '';
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escape(options.inResponseTo)}"` : '';
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${options.responseId ?? newId()}" Version="2.0" IssueInstant="${iso(now)}"${destination}${inResponseTo}>` +
    `<saml:Issuer>${escape(options.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertionXml +
    `</samlp:Response>`
  );
}

/** Signs the element with local name `element` (the first one) with an enveloped signature after its Issuer. */
export function signElement(xml: string, element: 'Assertion' | 'Response', signer: Signer, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  const sig = new SignedXml({
    privateKey: signer.key,
    publicCert: signer.cert,
    signatureAlgorithm: algorithm === 'sha1' ? RSA_SHA1 : RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  const xpath = `(//*[local-name(.)='${element}'])[1]`;
  sig.addReference({ xpath, digestAlgorithm: algorithm === 'sha1' ? SHA1 : SHA256, transforms: [ENVELOPED, EXC_C14N] });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

export const toBase64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/** A complete Response, assertion signed (and the response too when asked), as base64. */
export function forgeResponse(options: ForgeOptions, signer: Signer | undefined, extra: { signResponse?: boolean; algorithm?: 'sha256' | 'sha1' } = {}): string {
  const assertion = signer ? signElement(buildAssertion(options), 'Assertion', signer, extra.algorithm) : buildAssertion(options);
  let response = wrapInResponse(assertion, options);
  if (signer && extra.signResponse) response = signElement(response, 'Response', signer, extra.algorithm);
  return toBase64(response);
}
