// What the sign-in page says about where a bookmark leads once the person is signed in: a console
// link by name or by words (with its options), a keys page or a role page. Only the path is read,
// nothing is looked up: whether the role exists or is theirs is not told before sign-in.
import { readConsoleRequest } from '../broker/index.ts';
import { formatDuration } from '../config/index.ts';

function segment(raw: string): string | undefined {
  try {
    const text = decodeURIComponent(raw);
    return /^[\x20-\x7e]{1,128}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The console options of the link, in words; empty when it has none or they are not valid. */
function consoleOptions(search: URLSearchParams): string {
  try {
    const options = readConsoleRequest(Object.fromEntries(search));
    const words = [
      options.destination && `at ${options.destination}`,
      options.region && `in ${options.region}`,
      options.durationSeconds && `for ${formatDuration(options.durationSeconds)}`,
    ].filter(Boolean);
    return words.length > 0 ? ` ${words.join(', ')}` : '';
  } catch {
    return '';
  }
}

/** "After you sign in, Roleport opens …" for a bookmarked path (already a safe next path), or undefined. */
export function bookmarkDestination(next: string): string | undefined {
  const url = new URL(next, 'http://roleport.invalid');
  const parts = url.pathname.split('/').slice(1).map(segment);
  if (parts.some((part) => part === undefined)) return undefined;
  const [page, first, second] = parts as string[];
  let where: string | undefined;
  if (page === 'console' && parts.length === 3) where = `the AWS console as ${first}/${second}${consoleOptions(url.searchParams)}`;
  else if (page === 'console' && parts.length === 2) where = `the AWS console of your role matching \u201c${first}\u201d${consoleOptions(url.searchParams)}`;
  else if (page === 'keys' && parts.length === 3) where = `the keys page for ${first}/${second}`;
  else if (page === 'roles' && parts.length === 3) where = `the page of the role ${first}/${second}`;
  return where && `After you sign in, Roleport opens ${where}.`;
}
