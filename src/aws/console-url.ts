// Console sign-in through the federation endpoint: the destination allow-list, getSigninToken, and
// the Action=login URL (a secret for 15 minutes: redirect to it, never store or log it).
import type { AwsConfig, Partition } from '../config/index.ts';
import { RoleportError } from '../errors.ts';
import { CONSOLE_SHORTCUTS, isConsoleShortcut } from './console-shortcuts.ts';
import { consoleUrlFor } from './partitions.ts';

export type SigninCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** aws.consoleDestinations, else the partition's console (or aws.endpoints.console). */
export function allowedDestinations(aws: Pick<AwsConfig, 'consoleDestinations' | 'endpoints' | 'region'>, partition: Partition): string[] {
  return aws.consoleDestinations ?? [consoleUrlFor(aws, partition)];
}

function parse(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** An allowed entry admits itself and every URL below it: same scheme, host and port, path under it. */
export function isAllowedDestination(candidate: string, allowList: string[]): boolean {
  const url = parse(candidate);
  if (!url || url.username || url.password) return false;
  return allowList.some((entry) => {
    const allowed = parse(entry);
    if (!allowed || allowed.origin !== url.origin) return false;
    const base = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
    return url.pathname === allowed.pathname || url.pathname === base.slice(0, -1) || url.pathname.startsWith(base);
  });
}

function notAllowed(allowList: string[]): RoleportError {
  return new RoleportError({
    status: 400,
    code: 'destination_not_allowed',
    message: 'Roleport opens the AWS console only at the destinations its administrator allows, and this link asks for another one.',
    detail: `Allowed destinations: ${allowList.join(', ')}`,
  });
}

/** A requested destination as a URL: a shortcut (`s3`) or a console path (`/ec2/home`) below `home`, or a whole URL. */
function requestedUrl(requested: string, home: string): URL {
  const base = home.endsWith('/') ? home : `${home}/`;
  if (isConsoleShortcut(requested)) return new URL(CONSOLE_SHORTCUTS[requested], base);
  if (requested.startsWith('/') && !requested.startsWith('//')) return new URL(requested.slice(1), base);
  const url = parse(requested);
  if (!url)
    throw new RoleportError({
      status: 400,
      code: 'destination_invalid',
      message: `the destination '${requested}' is not a console shortcut, a console path starting with '/' or an http(s) URL`,
      detail: `Shortcuts: ${Object.keys(CONSOLE_SHORTCUTS).join(', ')}`,
    });
  return url;
}

/**
 * The destination to sign in to: the one asked for (a shortcut, a console path or a URL; the first
 * two below the console root that holds the role's consoleDestination, else the first allowed
 * entry), if allowed; else the role's destination, else the first allowed entry;
 * `region` is added as the console's `region=` parameter.
 */
export function chooseDestination(options: { requested?: string; region?: string; roleDestination?: string; allowList: string[]; roleKey: string }): string {
  const { requested, roleDestination, allowList } = options;
  if (roleDestination !== undefined && !isAllowedDestination(roleDestination, allowList))
    throw new RoleportError({
      status: 500,
      code: 'destination_not_allowed',
      message: `The console destination configured for ${options.roleKey} is not in aws.consoleDestinations.`,
    });
  const home = roleDestination ?? allowList[0];
  // Shortcuts and paths are relative to the console's root: the allowed entry that holds the home.
  const root = allowList.find((entry) => isAllowedDestination(home, [entry])) ?? home;
  const url = requested !== undefined && requested !== '' ? requestedUrl(requested, root) : new URL(home);
  if (!isAllowedDestination(url.href, allowList)) throw notAllowed(allowList);
  if (options.region !== undefined) url.searchParams.set('region', options.region);
  return url.href;
}

/** The getSigninToken request URL (carries the credentials: used once, never logged). */
export function signinTokenRequestUrl(signinEndpoint: string, credentials: SigninCredentials, sessionDuration?: number): string {
  const url = new URL(signinEndpoint);
  url.searchParams.set('Action', 'getSigninToken');
  if (sessionDuration !== undefined) url.searchParams.set('SessionDuration', String(sessionDuration));
  url.searchParams.set('Session', JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  }));
  return url.href;
}

/** The Action=login URL the person's browser is sent to. */
export function buildConsoleUrl(options: { signinEndpoint: string; issuer: string; destination: string; signinToken: string }): string {
  const url = new URL(options.signinEndpoint);
  url.searchParams.set('Action', 'login');
  url.searchParams.set('Issuer', options.issuer);
  url.searchParams.set('Destination', options.destination);
  url.searchParams.set('SigninToken', options.signinToken);
  return url.href;
}

/** The logout URL that ends any open console session, then goes on to the Action=login URL. */
export function throughLogout(logoutEndpoint: string, loginUrl: string): string {
  const url = new URL(logoutEndpoint);
  url.searchParams.set('Action', 'logout');
  url.searchParams.set('redirect_uri', loginUrl);
  return url.href;
}

/** Exchanges temporary credentials for a sign-in token at the federation endpoint. */
export async function fetchSigninToken(options: {
  signinEndpoint: string;
  credentials: SigninCredentials;
  sessionDuration?: number;
  timeoutSeconds: number;
  roleKey: string;
}): Promise<string> {
  const { signinEndpoint, timeoutSeconds, roleKey } = options;
  let response: Response;
  try {
    response = await fetch(signinTokenRequestUrl(signinEndpoint, options.credentials, options.sessionDuration), {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
    throw new RoleportError({
      status: timedOut ? 504 : 503,
      code: timedOut ? 'signin_timeout' : 'signin_unreachable',
      message: timedOut
        ? `The AWS sign-in endpoint did not answer within ${timeoutSeconds} second${timeoutSeconds === 1 ? '' : 's'}, so the console for ${roleKey} cannot open. Try again in a minute.`
        : `Roleport cannot reach the AWS sign-in endpoint, so the console for ${roleKey} cannot open. Try again in a minute.`,
      detail: `Endpoint: ${new URL(signinEndpoint).origin}${new URL(signinEndpoint).pathname}`,
      cause: error,
    });
  }
  const text = await response.text();
  let token: unknown;
  try {
    token = (JSON.parse(text) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (!response.ok || typeof token !== 'string' || token === '') {
    throw new RoleportError({
      status: 502,
      code: 'signin_refused',
      message: `The AWS sign-in endpoint refused the session for ${roleKey} (HTTP ${response.status}), so the console cannot open. Tell the Roleport administrator.`,
      detail: options.sessionDuration !== undefined
        ? `Roleport asked for a ${options.sessionDuration}-second console session; AWS refuses SessionDuration for credentials from role chaining or GetFederationToken.`
        : undefined,
    });
  }
  return token;
}
