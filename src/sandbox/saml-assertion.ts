// AWS's side of a SAML response: checks its signature against an IAM SAML provider's certificates
// (node-saml picks the signed assertion, safe from wrapping) and reads the facts STS needs.
import { createHash } from 'node:crypto';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { XMLParser } from 'fast-xml-parser';

export const AWS_SAML_AUDIENCE = 'urn:amazon:webservices';
const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
const SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
const SOURCE_IDENTITY_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SourceIdentity';
const TAG_PREFIX = 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:';
const TRANSITIVE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys';

type XmlNode = { $?: Record<string, string>; _?: string; [child: string]: unknown };
const children = (node: XmlNode | undefined, name: string): XmlNode[] => (Array.isArray(node?.[name]) ? (node[name] as XmlNode[]) : []);
const text = (node: XmlNode | undefined) => (typeof node === 'string' ? node : node?._);

export type SamlProviderKeys = { arn: string; account: string; name: string; certificates: string[] };

export type VerifiedSamlAssertion = {
  issuer: string;
  nameId: string;
  nameIdFormat?: string;
  confirmations: { recipient?: string; notOnOrAfter?: string; notBefore?: string }[];
  conditions?: { notBefore?: string; notOnOrAfter?: string };
  sessionNotOnOrAfter?: string;
  attributes: Record<string, string[]>;
};

/** PEM certificates of IdP metadata (signing keys), as IAM reads them from a provider's metadata document. */
export function metadataCertificates(xml: string): string[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, processEntities: false, isArray: (name) => ['KeyDescriptor', 'X509Certificate', 'EntityDescriptor', 'IDPSSODescriptor'].includes(name) });
  const doc = parser.parse(xml) as Record<string, any>;
  const entities = [...(doc.EntityDescriptor ?? []), ...(doc.EntitiesDescriptor?.EntityDescriptor ?? [])];
  const certs: string[] = [];
  for (const entity of entities)
    for (const idp of entity.IDPSSODescriptor ?? [])
      for (const key of idp.KeyDescriptor ?? [])
        if (key['@use'] === undefined || key['@use'] === 'signing')
          for (const cert of key.KeyInfo?.X509Data?.X509Certificate ?? []) {
            const body = String(cert).replace(/\s+/g, '');
            certs.push(`-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`);
          }
  return certs;
}

/** Throws when the signature does not verify with the provider's certificates or the audience is not AWS. */
export async function verifySamlResponse(samlResponse: string, provider: SamlProviderKeys): Promise<VerifiedSamlAssertion> {
  const saml = new SAML({
    idpCert: provider.certificates,
    issuer: AWS_SAML_AUDIENCE,
    callbackUrl: 'https://signin.aws.amazon.com/saml',
    audience: AWS_SAML_AUDIENCE,
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    // Times are checked by the caller with the sandbox's clock.
    acceptedClockSkewMs: -1,
    validateInResponseTo: ValidateInResponseTo.never,
  });
  const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (!profile?.getAssertion) throw new Error('no assertion');
  const assertion = (profile.getAssertion().Assertion ?? {}) as XmlNode;
  const subject = children(assertion, 'Subject')[0];
  const nameIdNode = children(subject, 'NameID')[0];
  const conditions = children(assertion, 'Conditions')[0];
  const attributes: Record<string, string[]> = {};
  for (const statement of children(assertion, 'AttributeStatement'))
    for (const attribute of children(statement, 'Attribute')) {
      const name = attribute.$?.Name;
      if (name) attributes[name] = [...(attributes[name] ?? []), ...children(attribute, 'AttributeValue').map((v) => text(v) ?? '')];
    }
  return {
    issuer: text(children(assertion, 'Issuer')[0]) ?? '',
    nameId: text(nameIdNode) ?? '',
    nameIdFormat: nameIdNode?.$?.Format,
    confirmations: children(subject, 'SubjectConfirmation').map((c) => {
      const data = children(c, 'SubjectConfirmationData')[0]?.$ ?? {};
      return { recipient: data.Recipient, notOnOrAfter: data.NotOnOrAfter, notBefore: data.NotBefore };
    }),
    conditions: conditions ? { notBefore: conditions.$?.NotBefore, notOnOrAfter: conditions.$?.NotOnOrAfter } : undefined,
    sessionNotOnOrAfter: children(assertion, 'AuthnStatement')[0]?.$?.SessionNotOnOrAfter,
    attributes,
  };
}

/** The Role attribute's pairs, in either order. */
export function rolePairs(attributes: Record<string, string[]>): { roleArn: string; providerArn: string }[] {
  return (attributes[ROLE_ATTRIBUTE] ?? []).flatMap((value) => {
    const parts = value.split(',').map((p) => p.trim());
    const roleArn = parts.find((p) => /:role\//.test(p));
    const providerArn = parts.find((p) => /:saml-provider\//.test(p));
    return parts.length === 2 && roleArn && providerArn ? [{ roleArn, providerArn }] : [];
  });
}

export const sessionNameValues = (attributes: Record<string, string[]>) => attributes[SESSION_NAME_ATTRIBUTE] ?? [];
export const sourceIdentityValue = (attributes: Record<string, string[]>) => attributes[SOURCE_IDENTITY_ATTRIBUTE]?.[0];
export function principalTags(attributes: Record<string, string[]>): { tags: { key: string; value: string }[]; transitiveTagKeys: string[] } {
  const tags = Object.entries(attributes)
    .filter(([name]) => name.startsWith(TAG_PREFIX))
    .map(([name, values]) => ({ key: name.slice(TAG_PREFIX.length), value: values[0] ?? '' }));
  return { tags, transitiveTagKeys: attributes[TRANSITIVE_ATTRIBUTE] ?? [] };
}

/** NameQualifier of the response: BASE64(SHA1(Issuer + AccountId + "/" + ProviderName)). */
export function nameQualifier(issuer: string, account: string, providerName: string): string {
  return createHash('sha1').update(`${issuer}${account}/${providerName}`).digest('base64');
}
