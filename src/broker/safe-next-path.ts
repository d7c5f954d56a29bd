// Where to return after sign-in: only a path of Roleport itself, never another host.

const FALLBACK = '/';

export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return FALLBACK;
  // One leading slash, not two (//evil.example is another host), no backslash (browsers read it as /),
  // no control characters or whitespace that could hide a scheme or a host.
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\s\x00-\x1f\x7f]/.test(value)) return FALLBACK;
  try {
    const url = new URL(value, 'http://roleport.invalid');
    if (url.host !== 'roleport.invalid') return FALLBACK;
    const path = url.pathname + url.search + url.hash;
    if (path.startsWith('/login') || path.startsWith('/logout')) return FALLBACK;
    return path;
  } catch {
    return FALLBACK;
  }
}
