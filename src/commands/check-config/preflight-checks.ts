// --preflight: probe calls per role to the configured STS (the configuration's own sandbox started
// for the check when that is its STS).
import { buildAccessPolicy, roleNeedsMfa } from '../../access/index.ts';
import { preflight } from '../../aws/index.ts';
import type { RoleportConfig } from '../../config/index.ts';
import { withConfiguredSts } from '../configured-sts.ts';
import type { Finding } from './findings.ts';

export async function preflightChecks(config: RoleportConfig): Promise<{ findings: Finding[]; stsEndpoint: string }> {
  return withConfiguredSts(config, async (checked, stsEndpoint) => {
    const policy = buildAccessPolicy(checked);
    const roles = [...policy.roles.values()].map((role) => ({ role, needsMfa: roleNeedsMfa(policy, role) }));
    const { principal, findings } = await preflight(checked, roles);
    const result: Finding[] = findings.map((f) => ({ ...f, check: 'preflight' }));
    if (principal) result.unshift({ level: 'ok', check: 'preflight', subject: 'aws.credentials', message: `Roleport calls STS as ${principal}` });
    for (const source of checked.identity)
      if (source.type === 'saml' && source.awsFederation)
        result.push({ level: 'not-checked', check: 'preflight', subject: `identity ${source.id}`, message: "its roles come from the SAML assertion (AssumeRoleWithSAML): not checkable without a person's assertion" });
    return { findings: result, stsEndpoint };
  });
}
