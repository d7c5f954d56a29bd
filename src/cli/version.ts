// The roleport command's version: set by the bundler in the installed package, read from the
// repository's package.json when run from the repository.
import { readFileSync } from 'node:fs';

declare const ROLEPORT_CLI_VERSION: string | undefined;

function repositoryVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export const CLI_VERSION: string = typeof ROLEPORT_CLI_VERSION === 'string' ? ROLEPORT_CLI_VERSION : repositoryVersion();
