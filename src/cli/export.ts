// `roleport export --url U --role account/role --format bash|...`: the role's temporary keys in a
// tool's format (shell exports, AWS files, .env), from the same cache as credential-process.
// The pure formats file, not aws/index.ts: the CLI must not load the AWS SDK.
import { CREDENTIAL_FORMATS, formatCredentials, isCredentialFormat, profileNameFor } from '../aws/credential-formats.ts';
import { UsageError, parseDuration, parseRole, withUsage } from './cli-args.ts';
import { obtainCredentials, toFormattable } from './credential-process.ts';
import { withMfaSignIn } from './mfa-sign-in.ts';

const FORMATS = Object.keys(CREDENTIAL_FORMATS).join('|');

const USAGE = `usage: roleport export [--url URL] --role ACCOUNT/ROLE [--format bash] [--duration 1h] [--profile NAME] [--open]

Prints temporary AWS keys for the role in a tool's format, e.g.  eval "$(roleport export --role prod/Admin)"

  --url URL        Roleport's address (default: $ROLEPORT_URL, else the last login's)
  --role A/R       the role, as <account name>/<role name>
  --format F       ${FORMATS} (default: bash)
  --duration D     how long the keys last: 15m to 36h (default: the role's)
  --profile NAME   profile name for the credentials and config formats (default: account-role)
  --open           when the role needs a second factor: sign in again, with the approval page opened
`;

export const EXPORT_OPTIONS = { role: { type: 'string' }, format: { type: 'string' }, duration: { type: 'string' }, profile: { type: 'string' }, open: { type: 'boolean' } } as const;

export async function runExport(args: string[]): Promise<number> {
  return withUsage('export', USAGE, args, EXPORT_OPTIONS, async ({ url, values }) => {
    const role = parseRole(values.role as string | undefined);
    const format = (values.format as string | undefined) ?? 'bash';
    if (!isCredentialFormat(format)) throw new UsageError(`--format: '${format}' is not one of ${FORMATS}`);
    const durationSeconds = parseDuration(values.duration as string | undefined);
    const credentials = await withMfaSignIn(url, values.open === true, () => obtainCredentials(url, role.key, durationSeconds));
    const profile = (values.profile as string | undefined) ?? profileNameFor(role.key);
    for (const notice of credentials.notices) process.stderr.write(`note: ${notice}\n`);
    process.stdout.write(formatCredentials(toFormattable(credentials), format, { profile, roleKey: role.key, sandboxStsUrl: credentials.sandboxStsUrl, region: credentials.region }));
    return 0;
  });
}
