// RFC 4514 escaping of values placed in a distinguished name, and reading a DN's first RDN back.

const SPECIAL = new Set(['"', '+', ',', ';', '<', '>', '\\', '=']);

/**
 * Escapes an attribute value for use in a DN: the RFC 4514 specials (`"` `+` `,` `;` `<` `>` `\`,
 * and `=` for good measure) with a backslash, NUL as `\00`, a leading `#` or space and a trailing
 * space with a backslash. Non-ASCII characters stay as UTF-8, as RFC 4514 allows.
 */
export function escapeDnValue(value: string): string {
  let out = '';
  const chars = [...value];
  chars.forEach((char, index) => {
    if (char === '\0') out += '\\00';
    else if (SPECIAL.has(char)) out += `\\${char}`;
    else if (index === 0 && (char === '#' || char === ' ')) out += `\\${char}`;
    else if (index === chars.length - 1 && char === ' ') out += '\\ ';
    else out += char;
  });
  return out;
}

/** Puts DN-escaped values into a DN template's `{name}` placeholders. */
export function fillDn(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (placeholder, name: string) => (Object.hasOwn(values, name) ? escapeDnValue(values[name]) : placeholder));
}

/**
 * The attribute type and (unescaped) value of a DN's first RDN: `cn=Smith\, Jo,ou=x` gives
 * { type: 'cn', value: 'Smith, Jo' }. Undefined when the DN cannot be read that far.
 */
export function firstRdn(dn: string): { type: string; value: string } | undefined {
  const equals = dn.indexOf('=');
  if (equals < 1) return undefined;
  const type = dn.slice(0, equals).trim();
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = equals + 1;
  while (i < dn.length) {
    const char = dn[i];
    if (char === ',' || char === '+' || char === ';') break;
    if (char === '\\') {
      const hex = dn.slice(i + 1, i + 3);
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        bytes.push(Number.parseInt(hex, 16));
        i += 3;
        continue;
      }
      if (i + 1 >= dn.length) return undefined;
      bytes.push(...encoder.encode(dn[i + 1]));
      i += 2;
      continue;
    }
    const codePoint = dn.codePointAt(i) ?? 0;
    const text = String.fromCodePoint(codePoint);
    bytes.push(...encoder.encode(text));
    i += text.length;
  }
  try {
    const value = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    return { type, value };
  } catch {
    return undefined;
  }
}
