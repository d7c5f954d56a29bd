// The employee's roleport command as one JavaScript file for Node >= 20: src/cli/main.ts and what it
// imports, bundled by esbuild (a development dependency, so it is loaded only when a package is built).
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

/** The lowest Node the bundle runs on; the package's engines field says the same. */
export const CLI_NODE_TARGET = 'node20';

/** esbuild, or undefined where development dependencies are not installed. */
async function loadEsbuild(): Promise<typeof import('esbuild') | undefined> {
  try {
    return await import('esbuild');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

export async function canBundle(): Promise<boolean> {
  return (await loadEsbuild()) !== undefined;
}

/** Writes the bundle to `outFile`; refuses any input from node_modules (the CLI has no dependencies). */
export async function bundleCli(outFile: string, version: string): Promise<void> {
  const esbuild = await loadEsbuild();
  if (!esbuild) throw new Error('esbuild is not installed (a development dependency): build the CLI package where it is, with npm run roleport -- build-cli');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: CLI_NODE_TARGET,
    define: { ROLEPORT_CLI_VERSION: JSON.stringify(version) },
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const packages = Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules'));
  if (packages.length > 0) throw new Error(`the roleport CLI must not depend on packages, but it imports ${packages.join(', ')}`);
}
