// `roleport logout --url U`: revokes the token at Roleport and forgets it here with its cached keys.
import { withUsage } from './cli-args.ts';
import { ApiError, callApi } from './http.ts';
import { forgetUrl, readToken } from './token-file.ts';

const USAGE = `usage: roleport logout [--url URL]

Signs this machine out of Roleport: the token is revoked there and deleted here, with cached keys.
Keys already issued keep working until they expire.

  --url URL   Roleport's address (default: $ROLEPORT_URL, else the last login's)
`;

export async function runLogout(args: string[]): Promise<number> {
  return withUsage('logout', USAGE, args, {}, async ({ url }) => {
    const stored = await readToken(url);
    if (!stored) {
      process.stderr.write(`Not signed in to ${url}; nothing to do.\n`);
      await forgetUrl(url);
      return 0;
    }
    let revoked = true;
    try {
      await callApi(url, '/logout', { method: 'POST', token: stored.token });
    } catch (error) {
      // Already expired or revoked there: the same end. Unreachable: forget it here all the same, and say so.
      if (!(error instanceof ApiError) || error.status !== 401) {
        revoked = false;
        process.stderr.write(`warning: could not revoke the token at ${url} (${(error as Error).message}); it stays valid there until ${stored.expiresAt}\n`);
      }
    }
    await forgetUrl(url);
    process.stderr.write(`Signed out of ${url}${revoked ? '' : ' on this machine'}.\n`);
    return revoked ? 0 : 1;
  });
}
