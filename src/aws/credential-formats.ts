// Temporary credentials written in every format a tool wants: shells, AWS files, credential_process, .env.
// Pure functions; a value a format cannot carry safely is refused, never written half-quoted.

export const CREDENTIAL_FORMATS = {
  bash: { label: 'bash / zsh', filename: 'aws-credentials.sh' },
  fish: { label: 'fish', filename: 'aws-credentials.fish' },
  powershell: { label: 'PowerShell', filename: 'aws-credentials.ps1' },
  cmd: { label: 'Windows cmd', filename: 'aws-credentials.cmd' },
  credentials: { label: '~/.aws/credentials profile', filename: 'credentials' },
  config: { label: '~/.aws/config profile', filename: 'config' },
  'credential-process': { label: 'credential_process JSON', filename: 'credential-process.json' },
  dotenv: { label: '.env', filename: 'aws-credentials.env' },
} as const;

export type CredentialFormat = keyof typeof CREDENTIAL_FORMATS;

export function isCredentialFormat(value: unknown): value is CredentialFormat {
  return typeof value === 'string' && Object.hasOwn(CREDENTIAL_FORMATS, value);
}

export type FormattableCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };

export type FormatOptions = {
  /** Profile name for the AWS files (see profileNameFor). */
  profile: string;
  /** `<account>/<role>`, named in comments. */
  roleKey: string;
  /** The sandbox's STS URL: exported as AWS_ENDPOINT_URL_STS (the demo's keys work only there). */
  sandboxStsUrl?: string;
  /**
   * The role's region: AWS_REGION (SDKs) and AWS_DEFAULT_REGION (the AWS CLI) in the exports, `region`
   * in the config profile, so the keys work on a machine with no default region.
   */
  region?: string;
};

/** ISO 8601 / RFC 3339 in UTC without milliseconds, as AWS writes it. */
export function isoExpiration(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A profile name from a role key: `prod/Admin` -> `prod-Admin`. */
export function profileNameFor(roleKey: string): string {
  return roleKey.replace(/[^A-Za-z0-9_.-]/g, '-');
}

class FormatError extends Error {}

function refuse(format: string, name: string): never {
  throw new FormatError(`${name} cannot be written safely in the ${format} format`);
}

/** POSIX shells: single quotes keep everything literal; a quote is closed, escaped and reopened. */
export function quoteBash(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** fish: inside single quotes only \\ and \' are escapes. */
export function quoteFish(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** PowerShell: single-quoted strings are literal; a quote (including the typographic ones) is doubled. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}

/** cmd: `set "NAME=value"` keeps & | < > ^ literal; % ! " and line breaks cannot be carried. */
export function cmdSet(name: string, value: string): string {
  if (/["%!\r\n\x00-\x1f]/.test(value)) refuse('Windows cmd', name);
  return `set "${name}=${value}"`;
}

/** AWS shared files: `key = value` lines, no quoting; only visible non-space characters. */
function iniValue(name: string, value: string): string {
  if (!/^[\x21-\x7e]+$/.test(value)) refuse('AWS config file', name);
  return `${name} = ${value}`;
}

/** .env: bare when plain, else single-quoted (literal in dotenv and compose); otherwise refused. */
export function quoteDotenv(name: string, value: string): string {
  if (/^[A-Za-z0-9+/=_.:@,-]*$/.test(value)) return value;
  if (/['\r\n\x00-\x1f]/.test(value)) refuse('.env', name);
  return `'${value}'`;
}

function comment(prefix: string, credentials: FormattableCredentials, options: FormatOptions): string[] {
  const role = options.roleKey.replace(/[\x00-\x1f\x7f]/g, '');
  const lines = [`${prefix} AWS credentials for ${role} from Roleport; they expire at ${isoExpiration(credentials.expiration)}.`];
  if (options.sandboxStsUrl) lines.push(`${prefix} Sandbox keys: they work only against the Roleport sandbox STS at ${options.sandboxStsUrl.replace(/[\x00-\x1f\x7f]/g, '')}.`);
  return lines;
}

function variables(credentials: FormattableCredentials, options: FormatOptions): [string, string][] {
  const vars: [string, string][] = [
    ['AWS_ACCESS_KEY_ID', credentials.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey],
    ['AWS_SESSION_TOKEN', credentials.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', isoExpiration(credentials.expiration)],
  ];
  if (options.region) vars.push(['AWS_REGION', options.region], ['AWS_DEFAULT_REGION', options.region]);
  if (options.sandboxStsUrl) vars.push(['AWS_ENDPOINT_URL_STS', options.sandboxStsUrl]);
  return vars;
}

/** `credentials` as the text of `format` (ends with a newline). Throws when a value cannot be carried safely. */
export function formatCredentials(credentials: FormattableCredentials, format: CredentialFormat, options: FormatOptions): string {
  const vars = variables(credentials, options);
  const profile = profileNameFor(options.profile);
  let lines: string[];
  switch (format) {
    case 'bash':
      lines = [...comment('#', credentials, options), ...vars.map(([name, value]) => `export ${name}=${quoteBash(value)}`)];
      break;
    case 'fish':
      lines = [...comment('#', credentials, options), ...vars.map(([name, value]) => `set -gx ${name} ${quoteFish(value)}`)];
      break;
    case 'powershell':
      lines = [...comment('#', credentials, options), ...vars.map(([name, value]) => `$Env:${name} = ${quotePowerShell(value)}`)];
      break;
    case 'cmd':
      lines = [...comment('rem', credentials, options), ...vars.map(([name, value]) => cmdSet(name, value))];
      break;
    case 'dotenv':
      lines = [...comment('#', credentials, options), ...vars.map(([name, value]) => `${name}=${quoteDotenv(name, value)}`)];
      break;
    case 'credentials':
      lines = [
        ...comment('#', credentials, options),
        `[${profile}]`,
        iniValue('aws_access_key_id', credentials.accessKeyId),
        iniValue('aws_secret_access_key', credentials.secretAccessKey),
        iniValue('aws_session_token', credentials.sessionToken),
      ];
      break;
    case 'config':
      lines = [
        ...comment('#', credentials, options),
        `[profile ${profile}]`,
        iniValue('aws_access_key_id', credentials.accessKeyId),
        iniValue('aws_secret_access_key', credentials.secretAccessKey),
        iniValue('aws_session_token', credentials.sessionToken),
      ];
      if (options.region) lines.push(iniValue('region', options.region));
      if (options.sandboxStsUrl) {
        // Service-specific endpoints (AWS CLI 2.13+, current SDKs): STS calls go to the sandbox.
        const services = `${profile}-roleport-sandbox`;
        lines.push(`services = ${services}`, '', `[services ${services}]`, 'sts =', `  ${iniValue('endpoint_url', options.sandboxStsUrl)}`);
      }
      break;
    case 'credential-process':
      return `${JSON.stringify({
        Version: 1,
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: isoExpiration(credentials.expiration),
      }, null, 2)}\n`;
    default:
      throw new FormatError(`unknown credential format '${String(format)}'`);
  }
  // Batch files want CRLF line ends.
  const end = format === 'cmd' ? '\r\n' : '\n';
  return `${lines.join(end)}${end}`;
}
