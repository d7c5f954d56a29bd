// --preflight: probe calls per role to the configured STS. A configuration whose STS is the sandbox
// Roleport mounts on itself gets that sandbox started alone on a loopback port for the check.
import { buildAccessPolicy, grantsOfRole } from '../../access/index.ts';
import { preflight } from '../../aws/index.ts';
import type { RoleportConfig } from '../../config/index.ts';
import { type SandboxServer, startSandboxServer } from '../../sandbox/index.ts';
import type { Finding } from './findings.ts';

/** The sandbox this configuration serves itself (aws.endpoints.sts under its own mount), if any. */
function ownSandboxSts(config: RoleportConfig): boolean {
  const mount = config.sandbox?.mount;
  const sts = config.aws.endpoints.sts;
  if (!mount || !sts || !config.server.publicUrl) return false;
  return sts === `${config.server.publicUrl.replace(/\/$/, '')}${mount}/sts`;
}

export async function preflightChecks(config: RoleportConfig): Promise<{ findings: Finding[]; stsEndpoint: string }> {
  let sandbox: SandboxServer | undefined;
  let checked = config;
  if (ownSandboxSts(config) && config.sandbox) {
    sandbox = await startSandboxServer({ config: config.sandbox, port: 0 });
    checked = { ...config, aws: { ...config.aws, endpoints: { ...config.aws.endpoints, sts: sandbox.stsUrl } } };
  }
  try {
    const policy = buildAccessPolicy(checked);
    const roles = [...policy.roles.values()].map((role) => ({ role, needsMfa: role.mfa !== undefined || grantsOfRole(policy, role.key).some((g) => g.mfa) }));
    const { principal, findings } = await preflight(checked, roles);
    const result: Finding[] = findings.map((f) => ({ ...f, check: 'preflight' }));
    if (principal) result.unshift({ level: 'ok', check: 'preflight', subject: 'aws.credentials', message: `Roleport calls STS as ${principal}` });
    for (const source of checked.identity)
      if (source.type === 'saml' && source.awsFederation)
        result.push({ level: 'not-checked', check: 'preflight', subject: `identity ${source.id}`, message: "its roles come from the SAML assertion (AssumeRoleWithSAML): not checkable without a person's assertion" });
    return { findings: result, stsEndpoint: sandbox ? `${sandbox.stsUrl} (the configured sandbox, started for this check)` : (checked.aws.endpoints.sts ?? 'the partition\'s STS') };
  } finally {
    await sandbox?.close();
  }
}
