// Where the CLI keeps what it holds for each Roleport URL: the API token (tokens.json) and cached
// credentials (cache/), in $XDG_CONFIG_HOME/roleport or ~/.config/roleport, readable by the owner alone.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export type StoredToken = { token: string; expiresAt: string; username?: string };

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'roleport');
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Writes through a temporary file and a rename: a reader never sees half a file; mode 0600 from the start. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

const tokensFile = () => join(configDir(), 'tokens.json');

/** localhost and 127.0.0.1 are one Roleport; every other name is its own origin. */
export function originKey(url: string): string {
  return url.replace(/^(https?:\/\/)localhost(?=[:/]|$)/i, '$1127.0.0.1');
}

export async function readToken(url: string): Promise<StoredToken | undefined> {
  return (await readJson<Record<string, StoredToken>>(tokensFile()))?.[originKey(url)];
}

export async function saveToken(url: string, token: StoredToken): Promise<void> {
  const all = (await readJson<Record<string, StoredToken>>(tokensFile())) ?? {};
  all[originKey(url)] = token;
  await writeJson(tokensFile(), all);
}

/** Forgets the token and every cached credential of `url`. */
export async function forgetUrl(url: string): Promise<void> {
  const all = await readJson<Record<string, StoredToken>>(tokensFile());
  if (all && originKey(url) in all) {
    delete all[originKey(url)];
    await writeJson(tokensFile(), all);
  }
  await rm(join(configDir(), 'cache', hash(originKey(url))), { recursive: true, force: true });
}

/** One cache file per URL, token, role and duration: a new sign-in never reuses another's keys. */
function cacheFile(url: string, token: string, roleKey: string, durationSeconds: number | undefined): string {
  return join(configDir(), 'cache', hash(originKey(url)), `${hash(`${hash(token)}\n${roleKey}\n${durationSeconds ?? ''}`)}.json`);
}

export async function readCachedCredentials<T>(url: string, token: string, roleKey: string, durationSeconds: number | undefined): Promise<T | undefined> {
  return readJson<T>(cacheFile(url, token, roleKey, durationSeconds));
}

export async function cacheCredentials(url: string, token: string, roleKey: string, durationSeconds: number | undefined, value: unknown): Promise<void> {
  await writeJson(cacheFile(url, token, roleKey, durationSeconds), value);
}
