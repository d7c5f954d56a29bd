// `roleport console --url U --role account/role [--open]`: an AWS console sign-in URL for the
// role, printed (it is a secret for 15 minutes) or opened in the browser.
import { UsageError, parseRole, withUsage } from './cli-args.ts';
import { callApi, printable } from './http.ts';
import { withMfaSignIn } from './mfa-sign-in.ts';
import { openInBrowser } from './open-url.ts';
import { roleFromWords, withRoleSuggestion } from './role-list.ts';
import { withToken } from './signed-in.ts';

const USAGE = `usage: roleport console [--url URL] (--role ACCOUNT/ROLE | WORDS...) [--open] [--destination URL]

Prints a console sign-in URL for the role (valid 15 minutes; treat it like a password), or opens it.
Instead of --role, words that find one role as the picker's search does: roleport console prod admin

  --url URL          Roleport's address (default: $ROLEPORT_URL, else the last login's)
  --role A/R         the role, as <account name>/<role name>
  --open             open it in the browser instead of printing it (and, when the role needs a second
                     factor, sign in again with the approval page opened)
  --destination URL  the console page to land on (from the allowed list)
`;

export const CONSOLE_OPTIONS = { role: { type: 'string' }, open: { type: 'boolean' }, destination: { type: 'string' } } as const;

export async function runConsole(args: string[]): Promise<number> {
  return withUsage('console', USAGE, args, CONSOLE_OPTIONS, async ({ url, values, positionals }) => {
    if (values.role !== undefined && positionals.length > 0) throw new UsageError('give --role or words that find the role, not both');
    const destination = values.destination as string | undefined;
    const { url: answered, key } = await withMfaSignIn(url, values.open === true, () => withToken(url, async (token) => {
      const { account, role, key } = parseRole(positionals.length > 0 ? await roleFromWords(url, token, positionals) : (values.role as string | undefined));
      const path = `/roles/${encodeURIComponent(account)}/${encodeURIComponent(role)}/console`;
      const answer = await withRoleSuggestion(url, token, key, () => callApi<{ url: string }>(url, path, { method: 'POST', token, body: destination ? { destination } : {} }));
      return { url: answer.url, key };
    }));
    const signinUrl = printable(answered);
    if (!values.open) {
      process.stdout.write(`${signinUrl}\n`);
      return 0;
    }
    await openInBrowser(signinUrl);
    process.stderr.write(`Opening the AWS console for ${key}.\n`);
    return 0;
  }, true);
}
