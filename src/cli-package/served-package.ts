// The package Roleport serves at /cli/roleport-cli.tgz: built from this repository once per process
// where esbuild is at hand (development, tests), else the one built at pack time (the container image).
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { CLI_PACKAGE_FILE, DEFAULT_CLI_PACKAGE_DIR, buildCliPackage } from './build.ts';
import { canBundle } from './bundle.ts';

let pending: Promise<string> | undefined;

async function builtOrPrebuilt(dir: string): Promise<string> {
  if (await canBundle()) return buildCliPackage(dir);
  const prebuilt = join(dir, CLI_PACKAGE_FILE);
  await access(prebuilt).catch((error: unknown) => {
    throw new Error(`the CLI package was not built at pack time (${prebuilt} is missing): run npm run roleport -- build-cli`, { cause: error });
  });
  return prebuilt;
}

/** The tarball's path; a failed build is tried again on the next call. */
export function servedCliPackage(dir: string = DEFAULT_CLI_PACKAGE_DIR): Promise<string> {
  pending ??= builtOrPrebuilt(dir).catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}
