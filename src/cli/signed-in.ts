// The token of a signed-in CLI for one Roleport URL; missing, expired or refused tokens end the
// command with one clear instruction.
import { ApiError } from './http.ts';
import { forgetUrl, readToken } from './token-file.ts';

export class NotSignedIn extends Error {}

/** The sign-in holds, but this role needs a second factor verified at a new one's approval page. */
export class MfaRequired extends NotSignedIn {}

const again = (url: string) => `run: roleport login --url ${url}`;

export async function requireToken(url: string, now = new Date()): Promise<string> {
  const stored = await readToken(url);
  if (!stored) throw new NotSignedIn(`not signed in to ${url}; ${again(url)}`);
  if (new Date(stored.expiresAt).getTime() <= now.getTime()) throw new NotSignedIn(`your sign-in to ${url} expired at ${stored.expiresAt}; ${again(url)}`);
  return stored.token;
}

/** Calls `fn` with the token; a 401 from Roleport (expired or revoked there) forgets it and says so. */
export async function withToken<T>(url: string, fn: (token: string) => Promise<T>): Promise<T> {
  const token = await requireToken(url);
  try {
    return await fn(token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await forgetUrl(url);
      throw new NotSignedIn(`${url} no longer accepts your sign-in (${error.message}); ${again(url)}`);
    }
    // The token still opens other roles: keep it.
    if (error instanceof ApiError && error.code === 'mfa_required')
      throw new MfaRequired(`This role needs a second factor: run \`roleport login --url ${url}\` and verify at the approval page`);
    throw error;
  }
}
