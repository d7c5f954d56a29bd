// The Roleport URL given to `roleport login --url`, remembered so no other command needs it again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir, writeJson } from './token-file.ts';

const settingsFile = () => join(configDir(), 'settings.json');

/** Synchronous: read while a command's options are parsed. */
export function rememberedUrl(): string | undefined {
  try {
    const { url } = JSON.parse(readFileSync(settingsFile(), 'utf8')) as { url?: unknown };
    return typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}

export async function rememberUrl(url: string): Promise<void> {
  await writeJson(settingsFile(), { url });
}
