// `roleport check-config [--config FILE] [--preflight] [--json]`: checks a configuration as Roleport
// would load it, then the rules, durations and people's names and tags; with --preflight, probe calls
// to STS for every role. Exit 1 on any problem (for CI), 2 on a usage error.
import { parseArgs } from 'node:util';
import { ConfigError, type LoadedConfig, loadConfig } from '../config/index.ts';
import { createLogger } from '../log.ts';
import { type Finding, formatFindings } from './check-config/findings.ts';
import { offlineChecks } from './check-config/offline-checks.ts';
import { peopleChecks } from './check-config/people-checks.ts';
import { preflightChecks } from './check-config/preflight-checks.ts';

const USAGE = `usage: roleport check-config [--config FILE] [--preflight] [--json]

Checks Roleport's configuration (ROLEPORT_CONFIG or config/roleport.yaml; the demo without one):
the file itself, rules naming unknown accounts or roles, roles nobody is granted, rules that grant
nothing or whose grants a deny always takes away, durations AWS refuses, session names and tags of
local users that STS would not take as they are.

  --config FILE  the configuration file to check
  --preflight    also ask: LDAP members of granting groups, and one probe call to STS per
                 assume-role and federation-token role (session name roleport-preflight; the keys
                 are dropped) to find trust policies that refuse Roleport, an ExternalId, session
                 tags or SourceIdentity, or lack the MFA condition
  --json         print the findings as JSON

Exit status: 0 no problems (warnings allowed), 1 problems, 2 usage error.
`;

export async function runCheckConfig(args: string[]): Promise<number> {
  let values: { config?: string; preflight?: boolean; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { config: { type: 'string' }, preflight: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    process.stderr.write(`roleport check-config: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const findings: Finding[] = [];
  let loaded: LoadedConfig | undefined;
  try {
    loaded = loadConfig({ path: values.config });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) findings.push({ level: 'problem', check: 'config', subject: error.file, message: problem });
  }
  let stsEndpoint: string | undefined;
  if (loaded) {
    const { config } = loaded;
    for (const warning of loaded.warnings) findings.push({ level: 'warning', check: 'config', subject: loaded.file ?? '(demo)', message: warning });
    findings.push(...offlineChecks(config));
    const logger = createLogger({ level: 'error', destination: process.stderr });
    findings.push(...(await peopleChecks(config, { logger, askDirectories: Boolean(values.preflight) })));
    if (values.preflight) {
      const preflight = await preflightChecks(config);
      stsEndpoint = preflight.stsEndpoint;
      findings.push(...preflight.findings);
    }
  }
  const problems = findings.filter((f) => f.level === 'problem').length;
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ file: loaded ? (loaded.file ?? '(demo)') : values.config, preflight: Boolean(values.preflight), stsEndpoint, problems, warnings: findings.filter((f) => f.level === 'warning').length, findings }, null, 2)}\n`);
  } else {
    const header = `Roleport check-config: ${loaded ? (loaded.file ?? 'the demo configuration') : (values.config ?? 'the configuration')}${stsEndpoint ? `, STS ${stsEndpoint}` : ''}\n\n`;
    process.stdout.write(header + formatFindings(findings));
  }
  return problems > 0 ? 1 : 0;
}
