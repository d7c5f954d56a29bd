// RFC 4515 escaping of values placed in LDAP search filters, and filling filter templates with them.

/**
 * Escapes the characters RFC 4515 reserves in an assertion value: `*` `(` `)` `\` and NUL.
 * Other characters, non-ASCII included, stay as they are: RFC 4515 carries them as UTF-8, and
 * ldapts decodes each `\XX` escape as one character, so escaping UTF-8 bytes would corrupt them.
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const char of value) {
    switch (char) {
      case '*':
        out += '\\2a';
        break;
      case '(':
        out += '\\28';
        break;
      case ')':
        out += '\\29';
        break;
      case '\\':
        out += '\\5c';
        break;
      case '\0':
        out += '\\00';
        break;
      default:
        out += char;
    }
  }
  return out;
}

/** Puts escaped values into a filter template's `{name}` placeholders (all of them, every time). */
export function fillFilter(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? escapeFilterValue(values[name]) : placeholder,
  );
}
