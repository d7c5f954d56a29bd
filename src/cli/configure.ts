// `roleport configure [--prefix P] [--dry-run]`: one ~/.aws/config profile per role the person may
// use, each getting its keys through this roleport's credential-process, inside Roleport's marked block.
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { profileNameFor, quoteBash } from '../aws/credential-formats.ts';
import { type ConfigProfile, profileNames, replaceBlock, withoutBlock } from './aws-config-block.ts';
import { UsageError, withUsage } from './cli-args.ts';
import { printable } from './http.ts';
import { type ApiRole, fetchRoles } from './role-list.ts';
import { withToken } from './signed-in.ts';
import { originKey } from './token-file.ts';

const USAGE = `usage: roleport configure [--url URL] [--prefix PREFIX] [--dry-run]

Writes one profile per role you may use into ~/.aws/config (or $AWS_CONFIG_FILE), named
<account>-<role>, each running this roleport's credential-process. They live in one marked block:
running it again updates them, and your other profiles stay as they are.

  --url URL        Roleport's address (default: $ROLEPORT_URL, else the last login's)
  --prefix PREFIX  put PREFIX before every profile name, e.g. --prefix corp- for corp-prod-Admin
  --dry-run        print the block instead of writing it
`;

export const CONFIGURE_OPTIONS = { prefix: { type: 'string' }, 'dry-run': { type: 'boolean' } } as const;

/** A word for credential_process, which botocore splits like a POSIX shell. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : quoteBash(text);
}

/** How AWS tools start this roleport: its absolute path (from the repository: Node and main.ts). */
export function roleportCommand(argv1: string = process.argv[1], execPath: string = process.execPath): string {
  const script = resolve(argv1);
  return script.endsWith('.ts') ? `${shellWord(execPath)} ${shellWord(script)}` : shellWord(script);
}

export function awsConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE ? resolve(env.AWS_CONFIG_FILE) : join(homedir(), '.aws', 'config');
}

export function profilesFor(url: string, roles: ApiRole[], prefix: string, command: string): ConfigProfile[] {
  return roles.map((role) => ({
    name: `${prefix}${profileNameFor(role.key)}`,
    lines: [
      `credential_process = ${command} credential-process --url ${shellWord(url)} --role ${shellWord(role.key)}`,
      ...(role.region && /^[a-z0-9-]+$/.test(role.region) ? [`region = ${role.region}`] : []),
    ],
  }));
}

async function readIfThere(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Through a temporary file and a rename, keeping the file's mode; a new file is the owner's alone. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const mode = await stat(file).then((existing) => existing.mode & 0o777, () => 0o600);
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
}

export async function runConfigure(args: string[]): Promise<number> {
  return withUsage('configure', USAGE, args, CONFIGURE_OPTIONS, async ({ url, values }) => {
    const prefix = (values.prefix as string | undefined) ?? '';
    if (!/^[A-Za-z0-9_.-]*$/.test(prefix)) throw new UsageError(`--prefix: '${prefix}' may hold only letters, digits, '.', '_' and '-'`);
    const roles = await withToken(url, (token) => fetchRoles(url, token));
    const file = awsConfigFile();
    const before = await readIfThere(file);
    const origin = originKey(url);
    // A profile of the person's own with the same name is theirs: never overwritten.
    const taken = profileNames(withoutBlock(before, origin));
    const all = profilesFor(url, roles, prefix, roleportCommand());
    const profiles = all.filter((profile) => !taken.has(profile.name));
    for (const skipped of all.filter((profile) => taken.has(profile.name)))
      process.stderr.write(`warning: ${file} already has a profile ${printable(skipped.name)} of its own; left as it is (use --prefix for other names)\n`);
    const after = replaceBlock(before, origin, profiles);
    if (values['dry-run']) {
      process.stdout.write(replaceBlock('', origin, profiles));
      process.stderr.write(`(dry run: ${file} is unchanged)\n`);
      return 0;
    }
    if (after !== before) await writeAtomically(file, after);
    if (roles.length === 0) process.stderr.write(`You have no AWS roles at ${url}; ${file} holds no Roleport profiles.\n`);
    else process.stderr.write(`Wrote ${profiles.length} profile${profiles.length === 1 ? '' : 's'} to ${file}: ${profiles.map((profile) => printable(profile.name)).join(', ')}\nTry: aws sts get-caller-identity --profile ${printable(profiles[0]?.name ?? '')}\n`);
    return 0;
  });
}
