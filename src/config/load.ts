// Loads the configuration: the YAML file (or the demo when there is none), environment overrides,
// one strict check that reports every problem at once with its key path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { demoAccessKeyId, demoConfig, demoSecrets, ensureDemoData } from './demo.ts';
import { formatIssue, formatKeyPath } from './format-issues.ts';
import type { LoadContext, Secret } from './primitives.ts';
import { type RoleportConfig, configSchema } from './schema.ts';

export const DEFAULT_CONFIG_PATH = 'config/roleport.yaml';

export class ConfigError extends Error {
  readonly problems: string[];
  readonly file: string;
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

export type LoadedConfig = {
  config: RoleportConfig;
  /** Loud startup warnings (demo defaults, literal secrets, insecure switches). */
  warnings: string[];
  demo: boolean;
  /** The file read, or undefined for the demo. */
  file?: string;
};

export type LoadOptions = {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Overrides ROLEPORT_CONFIG. */
  path?: string;
};

/** Parses and checks a configuration object as if read from a file in `baseDir`. */
export function checkConfig(raw: unknown, options: { env: Record<string, string | undefined>; baseDir: string; file: string }): { config: RoleportConfig; warnings: string[] } {
  const ctx: LoadContext = { env: options.env, baseDir: options.baseDir, warnings: [] };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(options.file, ['(top level): expected a mapping of sections (server, session, identity, ...)']);
  const result = configSchema(ctx).safeParse(raw, { reportInput: true });
  if (!result.success) throw new ConfigError(options.file, result.error.issues.flatMap((issue) => formatIssue(issue).split('\n')));
  const warnings = [...ctx.warnings, ...literalSecretWarnings(result.data)];
  return { config: result.data, warnings };
}

function literalSecretWarnings(config: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: PropertyKey[]) => {
    if (value === null || typeof value !== 'object') return;
    if ('from' in value && 'value' in value && (value as Secret).from === 'literal') {
      found.push(`${formatKeyPath(path)} holds a secret written in the file; use env:NAME or file:PATH instead`);
      return;
    }
    for (const [key, child] of Object.entries(value)) walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
  };
  walk(config, []);
  return found;
}

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.path ?? (env.ROLEPORT_CONFIG || undefined);
  const file = resolve(cwd, explicit ?? DEFAULT_CONFIG_PATH);
  const portOverride = parsePort(env.PORT);

  if (!existsSync(file)) {
    if (explicit) throw new ConfigError(file, [`the configuration file does not exist (ROLEPORT_CONFIG or --config names it)`]);
    const port = portOverride ?? 3000;
    const publicUrl = env.ROLEPORT_PUBLIC_URL ?? `http://localhost:${port}`;
    const dataDir = resolve(cwd, 'data');
    ensureDemoData(dataDir);
    const { config, warnings } = checkConfig(demoConfig(publicUrl, port, demoAccessKeyId(), dataDir), { env: { ...env, ...demoSecrets() }, baseDir: cwd, file: '(demo)' });
    return {
      config,
      demo: true,
      warnings: [
        `no configuration file at ${file}: running the DEMO (local users alice and bob, sandbox AWS at ${publicUrl}/sandbox). Sandbox keys work nowhere but the sandbox.`,
        'the demo makes a new random session secret at every start: sessions end when it restarts',
        `the demo keeps enrolled second factors and its audit trail in ${dataDir} (demo.db, its key in demo.key)`,
        ...warnings,
      ],
    };
  }

  const text = readFileSync(file, 'utf8');
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(file, document.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`));
  const raw = document.toJS() ?? {};
  const { config, warnings } = checkConfig(raw, { env, baseDir: dirname(file), file });
  if (portOverride !== undefined) config.server.port = portOverride;
  return { config, warnings, demo: false, file };
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT', [`PORT: found '${value}', expected a whole number from 0 to 65535`]);
  return port;
}
