// Reads attribute values from an ldapts search entry, whatever case the server spelled the name in.
import type { Entry } from 'ldapts';

export type LdapEntry = Entry;

function raw(entry: Entry, attribute: string): Entry[string] | undefined {
  if (attribute in entry && attribute !== 'dn') return entry[attribute];
  const wanted = attribute.toLowerCase();
  for (const key of Object.keys(entry)) if (key !== 'dn' && key.toLowerCase() === wanted) return entry[key];
  return undefined;
}

/** Every value of the attribute as text (binary values read as UTF-8). */
export function values(entry: Entry, attribute: string): string[] {
  const value = raw(entry, attribute);
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (Buffer.isBuffer(item) ? item.toString('utf8') : item));
}

export function firstValue(entry: Entry, attribute: string): string | undefined {
  return values(entry, attribute)[0];
}

/** The first value as bytes (for binary attributes such as objectSid). */
export function firstBuffer(entry: Entry, attribute: string): Buffer | undefined {
  const value = raw(entry, attribute);
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return Buffer.isBuffer(first) ? first : Buffer.from(first, 'latin1');
}
