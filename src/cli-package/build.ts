// Builds roleport-cli.tgz from the repository (never from the network): the bundle and its
// package.json in a fresh folder, `npm pack`, then a rename into place, so a reader never sees half a file.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleCli } from './bundle.ts';
import { CLI_BIN_FILE, cliManifest } from './manifest.ts';

const run = promisify(execFile);
const REPO_PACKAGE = fileURLToPath(new URL('../../package.json', import.meta.url));

/** Where Roleport keeps the package it serves (gitignored). */
export const DEFAULT_CLI_PACKAGE_DIR = fileURLToPath(new URL('../../build/cli/', import.meta.url));
export const CLI_PACKAGE_FILE = 'roleport-cli.tgz';

/** The CLI's version is Roleport's. */
export async function roleportVersion(): Promise<string> {
  return (JSON.parse(await readFile(REPO_PACKAGE, 'utf8')) as { version: string }).version;
}

/** Builds the package into `outDir` and returns the tarball's path. */
export async function buildCliPackage(outDir: string = DEFAULT_CLI_PACKAGE_DIR): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const work = await mkdtemp(join(outDir, '.build-'));
  try {
    const version = await roleportVersion();
    const folder = join(work, 'package');
    await mkdir(folder);
    await bundleCli(join(folder, CLI_BIN_FILE), version);
    await writeFile(join(folder, 'package.json'), `${JSON.stringify(cliManifest(version), null, 2)}\n`);
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      cwd: folder,
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    });
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    const target = join(outDir, CLI_PACKAGE_FILE);
    await rename(join(work, filename), target);
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
