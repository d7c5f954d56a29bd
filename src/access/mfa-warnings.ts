// Startup warnings about MFA roles AWS cannot check: AssumeRoleWithWebIdentity takes no session tags
// from the caller, so for those roles Roleport's step-up is the only guard.
import type { AccessPolicy } from './rules.ts';

/** One warning per configured web-identity role that needs MFA (by its own, its account's or a rule's `mfa: required`). */
export function mfaPolicyWarnings(policy: AccessPolicy): string[] {
  const warnings: string[] = [];
  for (const role of policy.roles.values()) {
    if (role.method !== 'web-identity') continue;
    const rule = policy.rules.find((r) => r.mfa && r.grant.some((pattern) => pattern.matches(role.key)));
    const why = role.mfa ?? (rule ? `rule #${rule.number} grants it with mfa: required` : undefined);
    if (why)
      warnings.push(`role ${role.key} needs MFA (${why}) but uses method web-identity: AssumeRoleWithWebIdentity takes no session tags from Roleport, so its trust policy cannot check aws:RequestTag/mfa; Roleport's step-up alone guards it`);
  }
  return warnings;
}
