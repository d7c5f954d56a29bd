// Reads claims by name or dotted path, and turns claim values into lists of strings.

export type Claims = Record<string, unknown>;

const isObject = (value: unknown): value is Claims => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The value at `path`: a claim name as is (`https://example.com/groups` and other names with dots
 * included), else a dotted walk into nested objects (`realm_access.roles`).
 */
export function readClaim(claims: Claims, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  const dot = path.indexOf('.');
  for (let at = dot; at > 0; at = path.indexOf('.', at + 1)) {
    const head = path.slice(0, at);
    const child = Object.hasOwn(claims, head) ? claims[head] : undefined;
    if (isObject(child)) {
      const found = readClaim(child, path.slice(at + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A claim as a list of strings: arrays as they are, a string split on spaces, numbers and booleans as text. */
export function claimStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item) => (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? [String(item)] : []));
  if (typeof value === 'string') return value.split(/\s+/).filter((part) => part !== '');
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}

/** A single-valued claim as a trimmed string, or undefined when absent, empty or not a scalar. */
export function claimString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
