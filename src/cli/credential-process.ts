// `roleport credential-process --url U --role account/role [--duration 1h]`: prints the
// credential_process JSON (Version 1) for AWS tools on stdout and nothing else; keys are cached
// (0600) until 5 minutes before they expire, so frequent calls do not each reach STS.
// The pure formats file, not aws/index.ts: the CLI must not load the AWS SDK on every call.
import { formatCredentials } from '../aws/credential-formats.ts';
import { parseDuration, parseRole, withUsage } from './cli-args.ts';
import { callApi } from './http.ts';
import { withRoleSuggestion } from './role-list.ts';
import { withToken } from './signed-in.ts';
import { cacheCredentials, readCachedCredentials } from './token-file.ts';

const USAGE = `usage: roleport credential-process [--url URL] --role ACCOUNT/ROLE [--duration 1h]

Prints temporary AWS keys as credential_process JSON. In ~/.aws/config:

  [profile prod-admin]
  credential_process = roleport credential-process --url https://roleport.example.com --role prod/Admin

  --url URL        Roleport's address (default: $ROLEPORT_URL, else the last login's)
  --role A/R       the role, as <account name>/<role name>
  --duration D     how long the keys last: 15m to 36h, e.g. 1h, 90m, 3600 (default: the role's)
Sign in first with: roleport login --url URL
`;

/** Keys as the API returns them (credential_process JSON plus the ARN and notices). */
export type ApiCredentials = {
  Version: 1;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
  Arn: string;
  notices: string[];
  sandboxStsUrl?: string;
  /** The role's region, from a Roleport that names it. */
  region?: string;
};

/** Cached keys are used while they have more than this left. */
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

/** Keys for the role: from the cache while they have more than `minLeftMs` left, else from Roleport (and then cached). */
export async function obtainCredentials(url: string, roleKey: string, durationSeconds: number | undefined, minLeftMs = REFRESH_BEFORE_MS, now = new Date()): Promise<ApiCredentials> {
  const { account, role } = parseRole(roleKey);
  return withToken(url, async (token) => {
    const cached = await readCachedCredentials<ApiCredentials>(url, token, roleKey, durationSeconds);
    if (cached && new Date(cached.Expiration).getTime() - now.getTime() > minLeftMs) return cached;
    const path = `/roles/${encodeURIComponent(account)}/${encodeURIComponent(role)}/credentials`;
    const fresh = await withRoleSuggestion(url, token, roleKey, () => callApi<ApiCredentials>(url, path, { method: 'POST', token, body: durationSeconds === undefined ? {} : { durationSeconds } }));
    await cacheCredentials(url, token, roleKey, durationSeconds, fresh);
    return fresh;
  });
}

export function toFormattable(credentials: ApiCredentials) {
  return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken, expiration: new Date(credentials.Expiration) };
}

export const CREDENTIAL_PROCESS_OPTIONS = { role: { type: 'string' }, duration: { type: 'string' } } as const;

export async function runCredentialProcess(args: string[]): Promise<number> {
  return withUsage('credential-process', USAGE, args, CREDENTIAL_PROCESS_OPTIONS, async ({ url, values }) => {
    const role = parseRole(values.role as string | undefined);
    const durationSeconds = parseDuration(values.duration as string | undefined);
    const credentials = await obtainCredentials(url, role.key, durationSeconds);
    process.stdout.write(formatCredentials(toFormattable(credentials), 'credential-process', { profile: role.key, roleKey: role.key }));
    return 0;
  });
}
