// Why node-saml found "no valid subject confirmation": it checks only their times, so the answer's
// own NotBefore / NotOnOrAfter tell whether it expired or is not valid yet. Read from the document as
// received, only to choose the message a person sees (acceptance never depends on it).
import { XMLParser } from 'fast-xml-parser';

export type ConfirmationTiming = 'expired' | 'not-yet-valid' | undefined;

export function confirmationTiming(xml: string, now: Date, skewMs: number): ConfirmationTiming {
  const times = { notOnOrAfter: [] as number[], notBefore: [] as number[] };
  try {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, processEntities: false });
    const walk = (node: unknown, name: string) => {
      if (Array.isArray(node)) return node.forEach((child) => walk(child, name));
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (name === 'SubjectConfirmationData') {
        if (typeof record['@NotOnOrAfter'] === 'string') times.notOnOrAfter.push(Date.parse(record['@NotOnOrAfter']));
        if (typeof record['@NotBefore'] === 'string') times.notBefore.push(Date.parse(record['@NotBefore']));
      }
      for (const [key, child] of Object.entries(record)) if (!key.startsWith('@')) walk(child, key);
    };
    walk(parser.parse(xml), '');
  } catch {
    return undefined;
  }
  const at = now.getTime();
  if (times.notOnOrAfter.length > 0 && times.notOnOrAfter.every((t) => at - skewMs >= t)) return 'expired';
  if (times.notBefore.some((t) => at + skewMs < t)) return 'not-yet-valid';
  return undefined;
}
