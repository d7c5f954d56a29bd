// The package.json of the installable roleport command: one bin, no dependencies, Node >= 20.
export const CLI_BIN_FILE = 'roleport.mjs';

export function cliManifest(version: string) {
  return {
    name: 'roleport-cli',
    version,
    description: "The roleport command: AWS keys, profiles and console links from your company's Roleport.",
    license: 'Apache-2.0',
    type: 'module',
    bin: { roleport: CLI_BIN_FILE },
    files: [CLI_BIN_FILE],
    engines: { node: '>=20' },
  };
}
