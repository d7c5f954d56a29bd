// Options shared by the commands that talk to Roleport: --url (or ROLEPORT_URL, or the URL of the
// last login), --role, --duration, parsed strictly; a usage problem prints the command's usage and
// exits 2, a misspelt option with the one meant.
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { isLoopbackHost } from './loopback.ts';
import { rememberedUrl } from './remembered-url.ts';
import { didYouMean } from './suggest.ts';

export class UsageError extends Error {}

/** Roleport's base URL: http(s), no query, no trailing slash; plain http only to this machine. */
export function normalizeUrl(value: string | undefined): string {
  if (!value) throw new UsageError('say which Roleport to use: --url https://roleport.example.com (or set ROLEPORT_URL)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url: '${value}' is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--url: '${value}' must start with https://`);
  // A bearer token sent in clear over the network is a token given away.
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) throw new UsageError(`--url: '${value}' is plain http; tokens go only over https (plain http is allowed to this machine alone)`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `<account>/<role>`, both parts non-empty. */
export function parseRole(value: string | undefined): { account: string; role: string; key: string } {
  const match = value ? /^([^/\s]+)\/([^/\s]+)$/.exec(value) : null;
  if (!match) throw new UsageError(`--role: expected <account>/<role>, e.g. prod/Admin${value ? ` (found '${value}')` : ''}`);
  return { account: match[1], role: match[2], key: value! };
}

/** 3600, 900s, 90m, 1h, 1h30m -> seconds; undefined when not given. */
export function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(value.trim());
  const seconds = match && value.trim() !== '' ? Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < 900 || seconds > 129600)
    throw new UsageError(`--duration: '${value}' should be between 15m and 36h, e.g. 1h, 90m or 3600`);
  return seconds;
}

/** parseArgs, with an unknown option answered by the nearest known one. */
function parseStrictly(args: string[], options: ParseArgsOptionsConfig, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec((error as Error).message)?.[1];
    if (!unknown) throw error;
    throw new UsageError(`unknown option '${unknown}'${didYouMean(unknown, Object.keys(options).map((name) => `--${name}`))}`);
  }
}

type Parsed = { url: string; values: Record<string, string | boolean | undefined>; positionals: string[] };

/** Parses `args` with --url and --help plus `options`; returns undefined after printing help. */
export function parseCommandArgs(args: string[], options: ParseArgsOptionsConfig, allowPositionals = false): Parsed | undefined {
  const all: ParseArgsOptionsConfig = { url: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...options };
  const { values, positionals } = parseStrictly(args, all, allowPositionals);
  if (values.help) return undefined;
  return { url: normalizeUrl((values.url as string | undefined) ?? process.env.ROLEPORT_URL ?? rememberedUrl()), values: values as Parsed['values'], positionals };
}

/** Runs a command body: usage problems print the usage (exit 2); others go to main's handler. */
export async function withUsage(command: string, usage: string, args: string[], options: ParseArgsOptionsConfig, body: (parsed: Parsed) => Promise<number>, allowPositionals = false): Promise<number> {
  let parsed: Parsed | undefined;
  try {
    parsed = parseCommandArgs(args, options, allowPositionals);
  } catch (error) {
    process.stderr.write(`roleport ${command}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (!parsed) {
    process.stdout.write(usage);
    return 0;
  }
  try {
    return await body(parsed);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`roleport ${command}: ${error.message}\n\n${usage}`);
    return 2;
  }
}
