// `roleport console --url U --role account/role [--open]`: an AWS console sign-in URL for the
// role, printed (it is a secret for 15 minutes) or opened in the browser.
import { parseRole, withUsage } from './cli-args.ts';
import { callApi, printable } from './http.ts';
import { openInBrowser } from './open-url.ts';
import { withRoleSuggestion } from './role-list.ts';
import { withToken } from './signed-in.ts';

const USAGE = `usage: roleport console [--url URL] --role ACCOUNT/ROLE [--open] [--destination URL]

Prints a console sign-in URL for the role (valid 15 minutes; treat it like a password), or opens it.

  --url URL          Roleport's address (default: $ROLEPORT_URL, else the last login's)
  --role A/R         the role, as <account name>/<role name>
  --open             open it in the browser instead of printing it
  --destination URL  the console page to land on (from the allowed list)
`;

export const CONSOLE_OPTIONS = { role: { type: 'string' }, open: { type: 'boolean' }, destination: { type: 'string' } } as const;

export async function runConsole(args: string[]): Promise<number> {
  return withUsage('console', USAGE, args, CONSOLE_OPTIONS, async ({ url, values }) => {
    const { account, role, key } = parseRole(values.role as string | undefined);
    const path = `/roles/${encodeURIComponent(account)}/${encodeURIComponent(role)}/console`;
    const destination = values.destination as string | undefined;
    const { url: answered } = await withToken(url, (token) => withRoleSuggestion(url, token, key, () => callApi<{ url: string }>(url, path, { method: 'POST', token, body: destination ? { destination } : {} })));
    const signinUrl = printable(answered);
    if (!values.open) {
      process.stdout.write(`${signinUrl}\n`);
      return 0;
    }
    await openInBrowser(signinUrl);
    process.stderr.write(`Opening the AWS console for ${key}.\n`);
    return 0;
  });
}
