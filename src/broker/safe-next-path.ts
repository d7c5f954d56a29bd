// Where to return after sign-in: only a path of Roleport itself, never another host. Every door that
// redirects to a path someone else chose (next=, RelayState, OIDC's remembered next) goes through here.

const FALLBACK = '/';
const MAX_LENGTH = 2048;
/** Printable ASCII only: what a browser sends as a request target, percent-encoded beyond that. */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
/** Once decoded, a path may hold a space (an encoded %20), nothing else outside printable ASCII. */
const DECODED_PATH_CHARACTERS = /^[\x20-\x7e]*$/;
/** Times a value is percent-decoded while looking for what hides under the encoding (%252e -> %2e -> .). */
const DECODE_ROUNDS = 4;
const NOT_OURS_TO_RETURN_TO = /^\/(login|logout)(?=$|[/?#])/i;

/** The value percent-decoded until it stops changing; undefined when an encoding is malformed. */
function fullyDecoded(value: string): string | undefined {
  let current = value;
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return undefined;
    }
    if (next === current) return current;
    current = next;
  }
  return undefined; // still changing: encoded too many times to be a path anyone typed
}

/**
 * True when the path part, once every encoding is undone, could mean anything but "this path on this
 * host": a backslash or a Unicode look-alike of / or . (browsers and proxies fold some of them), a
 * control or format character, a dot segment (which resolves `/a/..//evil` into `//evil`), or a
 * second leading slash.
 */
function pathIsAmbiguous(path: string): boolean {
  const decoded = fullyDecoded(path);
  if (decoded === undefined) return true;
  if (!DECODED_PATH_CHARACTERS.test(decoded)) return true; // also refuses U+FF0F, U+2215, U+3002 and friends
  if (decoded.includes('\\') || decoded.startsWith('//')) return true;
  return decoded.split('/').some((segment) => segment === '.' || segment === '..');
}

export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return FALLBACK;
  if (!PRINTABLE_ASCII.test(value) || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return FALLBACK;
  const pathPart = value.split(/[?#]/, 1)[0];
  if (pathIsAmbiguous(pathPart)) return FALLBACK;
  let url: URL;
  try {
    url = new URL(value, 'http://roleport.invalid');
  } catch {
    return FALLBACK;
  }
  // Judged again after the URL parser's own normalisation: what a browser would make of it.
  const path = url.pathname + url.search + url.hash;
  if (url.host !== 'roleport.invalid' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return FALLBACK;
  if (NOT_OURS_TO_RETURN_TO.test(path)) return FALLBACK;
  return path;
}
