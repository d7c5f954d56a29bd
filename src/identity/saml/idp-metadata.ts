// Reads what Roleport needs from an IdP's SAML metadata: entity ID, SSO/SLO URLs, signing certificates.
import { XMLParser } from 'fast-xml-parser';

export type IdpDescription = {
  entityId?: string;
  /** SingleSignOnService, HTTP-Redirect binding. */
  ssoUrl?: string;
  /** SingleLogoutService, HTTP-Redirect binding. */
  sloUrl?: string;
  /** PEM certificates the IdP signs with. */
  certificates: string[];
};

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
type Node = Record<string, unknown>;

export function toPem(base64: string): string {
  const body = base64.replace(/\s+/g, '');
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
}

export function parseIdpMetadata(xml: string): IdpDescription {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('the IdP metadata has a DOCTYPE, which is not accepted');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, processEntities: false });
  const doc = parser.parse(xml) as Node;
  const entities = [...list(doc.EntityDescriptor as Node | Node[]), ...list((doc.EntitiesDescriptor as Node | undefined)?.EntityDescriptor as Node | Node[])];
  const entity = entities.find((e) => e.IDPSSODescriptor);
  if (!entity) throw new Error('the IdP metadata has no IDPSSODescriptor');
  const idp = list(entity.IDPSSODescriptor as Node | Node[])[0];
  const certificates = list(idp.KeyDescriptor as Node | Node[])
    .filter((key) => key['@use'] === undefined || key['@use'] === 'signing')
    .flatMap((key) => list((key.KeyInfo as Node | undefined)?.X509Data as Node | Node[]))
    .flatMap((data) => list(data.X509Certificate as string | string[]))
    .map((text) => toPem(String(text)));
  if (certificates.length === 0) throw new Error('the IdP metadata names no signing certificate');
  const location = (services: unknown) => list(services as Node | Node[]).find((s) => s['@Binding'] === REDIRECT)?.['@Location'] as string | undefined;
  return {
    entityId: entity['@entityID'] as string | undefined,
    ssoUrl: location(idp.SingleSignOnService),
    sloUrl: location(idp.SingleLogoutService),
    certificates: [...new Set(certificates)],
  };
}
