// Refuses SAML documents signed or digested with anything weaker than SHA-256 (and any DOCTYPE).
import { XMLParser } from 'fast-xml-parser';

export const ACCEPTED_SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);
export const ACCEPTED_DIGEST_METHODS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512',
]);

export type RawDocument = { root: string; attributes: Record<string, string>; signatureMethods: string[]; digestMethods: string[] };

/** Parses the document as received, only to read its root and every signature's algorithms. */
export function readRawDocument(xml: string): RawDocument {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('the document has a DOCTYPE');
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, processEntities: false });
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = Object.keys(doc).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (!root) throw new Error('the document is empty');
  const signatureMethods: string[] = [];
  const digestMethods: string[] = [];
  const walk = (node: unknown, name: string) => {
    if (Array.isArray(node)) return node.forEach((child) => walk(child, name));
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (name === 'SignatureMethod') signatureMethods.push(String(record['@Algorithm'] ?? ''));
    if (name === 'DigestMethod') digestMethods.push(String(record['@Algorithm'] ?? ''));
    for (const [key, child] of Object.entries(record)) if (!key.startsWith('@')) walk(child, key);
  };
  walk(doc[root], root);
  const attributes: Record<string, string> = {};
  const rootNode = doc[root];
  if (rootNode && typeof rootNode === 'object') {
    for (const [key, value] of Object.entries(rootNode as Record<string, unknown>)) if (key.startsWith('@')) attributes[key.slice(1)] = String(value);
  }
  return { root, attributes, signatureMethods, digestMethods };
}

/** The first algorithm that is not accepted, or undefined when every signature uses SHA-256 or better. */
export function weakAlgorithm(raw: RawDocument): string | undefined {
  return raw.signatureMethods.find((m) => !ACCEPTED_SIGNATURE_METHODS.has(m)) ?? raw.digestMethods.find((m) => !ACCEPTED_DIGEST_METHODS.has(m));
}
