// `roleport trust-policy [<account>/<role>] [--principal ARN] [--format json|cloudformation|aws-cli]`:
// the trust policy each role needs for Roleport to issue it as configured, with Roleport's principal
// from GetCallerIdentity (or --principal, offline). Exit 1 when the configuration does not load or
// STS cannot say who Roleport is, 2 on a usage error.
import { parseArgs } from 'node:util';
import { buildAccessPolicy, findRole } from '../access/index.ts';
import { type BrokerPrincipal, brokerCallerArn, brokerPrincipal } from '../aws/index.ts';
import { ConfigError, type RoleportConfig, loadConfig } from '../config/index.ts';
import { isRoleportError } from '../errors.ts';
import { withConfiguredSts } from './configured-sts.ts';
import { awsCliScript } from './trust-policy/aws-cli.ts';
import { cloudFormationTemplates, writeTemplates } from './trust-policy/cloudformation.ts';
import { jsonReport } from './trust-policy/json-report.ts';
import { type TrustPlan, literalValues, planTrust } from './trust-policy/plan.ts';

const FORMATS = ['json', 'cloudformation', 'aws-cli'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `usage: roleport trust-policy [<account>/<role>] [--config FILE] [--principal ARN] [--format FORMAT] [--out DIR]

Prints the trust policy each role needs (or the one named) for Roleport to issue it as configured:
Roleport's principal, sts:AssumeRole with sts:TagSession (session tags, or the mfa tags of a role
that needs MFA) and sts:SetSourceIdentity when used, the ExternalId, and for a role that needs MFA
the condition aws:RequestTag/mfa = true; web-identity roles trust the OIDC provider of each
OpenID Connect source, AWS-federation SAML sources' roles the SAML provider; federation-token roles
have no IAM role, and get the IAM user policy Roleport's user needs instead.

  --config FILE     the configuration (ROLEPORT_CONFIG or config/roleport.yaml; the demo without one)
  --principal ARN   Roleport's IAM user or role, without asking STS (GetCallerIdentity) who it is
  --format FORMAT   json (default): the policies keyed by role;
                    cloudformation: a template per account creating the roles (StackSet-ready);
                    aws-cli: for roles that already exist, the policy files (in --out DIR) and the
                    aws iam update-assume-role-policy commands that install them
  --out DIR         where aws-cli writes the policy files (and cloudformation its templates)

Exit status: 0 printed, 1 the configuration or STS failed, 2 usage error.
`;

type Options = { config?: string; principal?: string; format?: string; out?: string; help?: boolean };

function usageError(message: string): number {
  process.stderr.write(`roleport trust-policy: ${message}\n\n${USAGE}`);
  return 2;
}

/** Roleport's principal: --principal as given, else GetCallerIdentity with the configured credentials. */
async function resolvePrincipal(config: RoleportConfig, plan: TrustPlan, given: string | undefined): Promise<{ principal?: BrokerPrincipal; from?: string; error?: string }> {
  if (given !== undefined) {
    const principal = brokerPrincipal(given);
    return typeof principal === 'string' ? { error: `--principal: ${principal}` } : { principal, from: '--principal' };
  }
  const asked = [...plan.roles, ...plan.federationToken].find((p) => p.role.method !== 'web-identity')?.role;
  if (!asked) return {};
  return withConfiguredSts(config, async (reachable, stsEndpoint) => {
    let arn: string | undefined;
    try {
      arn = await brokerCallerArn(reachable, asked);
    } catch (error) {
      const message = isRoleportError(error) ? error.message : (error as Error).message;
      return { error: `STS (${stsEndpoint}) did not say who Roleport is (GetCallerIdentity): ${message.replace(/\.$/, '')}. Give Roleport's IAM user or role with --principal ARN to print the policies offline.` };
    }
    const principal = arn ? brokerPrincipal(arn) : 'STS returned no ARN';
    return typeof principal === 'string' ? { error: `GetCallerIdentity: ${principal}` } : { principal, from: `GetCallerIdentity at ${stsEndpoint}` };
  });
}

export async function runTrustPolicy(args: string[]): Promise<number> {
  let values: Options;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args, options: { config: { type: 'string' }, principal: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = (values.format ?? 'json') as Format;
  if (!FORMATS.includes(format)) return usageError(`--format must be one of ${FORMATS.join(', ')} (it is '${values.format}')`);
  if (format === 'aws-cli' && !values.out) return usageError('--format aws-cli needs --out DIR, the folder for the policy files the commands install');
  if (positionals.length > 1) return usageError(`name one role at most (<account>/<role>), not ${positionals.length}`);

  let config: RoleportConfig;
  try {
    config = loadConfig({ path: values.config }).config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`roleport trust-policy: ${error.file} does not load:\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  const policy = buildAccessPolicy(config);
  const only = positionals[0] === undefined ? undefined : findRole(policy.roles, positionals[0]);
  if (positionals[0] !== undefined && !only) return usageError(`no role is named '${positionals[0]}' (the roles: ${[...policy.roles.keys()].join(', ') || 'none'})`);
  const plan = planTrust(config, policy, only);

  const { principal, from, error } = await resolvePrincipal(config, plan, values.principal);
  if (error) {
    process.stderr.write(`roleport trust-policy: ${error}\n`);
    return values.principal !== undefined ? 2 : 1;
  }
  const literal = literalValues(principal?.arn ?? '');
  if (format === 'aws-cli') {
    process.stdout.write(awsCliScript(plan, principal, literal, values.out as string));
  } else if (format === 'cloudformation') {
    const templates = cloudFormationTemplates(plan, principal?.arn);
    process.stdout.write(values.out ? writeTemplates(templates, values.out).map((file) => `${file}\n`).join('') : `${JSON.stringify(templates, null, 2)}\n`);
  } else {
    process.stdout.write(`${JSON.stringify(jsonReport(plan, principal, literal, from), null, 2)}\n`);
  }
  return 0;
}
