// `roleport build-cli [--out DIR]`: builds the installable roleport command (roleport-cli.tgz) that
// Roleport serves at /cli/roleport-cli.tgz; the container image runs it at build time.
import { parseArgs } from 'node:util';
import { DEFAULT_CLI_PACKAGE_DIR, buildCliPackage } from '../cli-package/index.ts';

const USAGE = `usage: roleport build-cli [--out DIR]

Bundles the roleport command (src/cli) into one JavaScript file for Node >= 20 and packs it as
roleport-cli.tgz, which Roleport serves at <publicUrl>/cli/roleport-cli.tgz.

  --out DIR   where to write it (default: ${DEFAULT_CLI_PACKAGE_DIR})
`;

export async function runBuildCli(args: string[]): Promise<number> {
  let values: { out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    process.stderr.write(`roleport build-cli: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stdout.write(`${await buildCliPackage(values.out)}\n`);
  return 0;
}
