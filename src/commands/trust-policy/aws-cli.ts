// `--format aws-cli --out DIR`: for roles that already exist, each trust policy as a JSON file and the
// AWS CLI command that installs it (per account, to run with that account's credentials); for
// federation-token roles, the user policy Roleport's IAM user needs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type BrokerPrincipal, type PolicyDocument, federationTokenUserPolicy } from '../../aws/index.ts';
import { type PolicyValues, type TrustPlan, trustPolicyOf } from './plan.ts';

export const FEDERATION_POLICY_NAME = 'RoleportFederationToken';

/** A shell word: as is when plain, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w/.,:=@+%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function writePolicy(dir: string, file: string, policy: PolicyDocument): string {
  const path = join(dir, file);
  writeFileSync(path, `${JSON.stringify(policy, null, 2)}\n`);
  return shellWord(`file://${path}`);
}

/** Writes the policy files into `dir` and returns the shell script of the commands that install them. */
export function awsCliScript(plan: TrustPlan, principal: BrokerPrincipal | undefined, values: PolicyValues, dir: string): string {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const lines = ['#!/bin/sh', "# Trust policies Roleport needs, for roles that already exist. Run each account's commands with", '# credentials of that account (aws --profile ...).', 'set -e'];
  for (const account of plan.accounts) {
    const roles = plan.roles.filter((p) => p.role.account.id === account.id);
    if (roles.length === 0) continue;
    lines.push('', `# ${account.name} (${account.id})`);
    for (const planned of roles) {
      const policy = trustPolicyOf(plan, planned, values);
      if (!policy) {
        lines.push(`# ${planned.role.key}: no trust policy (no OpenID Connect identity source is configured)`);
        continue;
      }
      const file = writePolicy(out, `${account.name}.${planned.role.name}.trust-policy.json`, policy);
      lines.push(`aws iam update-assume-role-policy --role-name ${shellWord(planned.role.name)} --policy-document ${file}`);
    }
  }
  if (plan.federationToken.length > 0 && principal) {
    // One user policy for every federation-token role: sts:TagSession when any of them tags.
    const policies = plan.federationToken.map((p) => federationTokenUserPolicy(p.role, p.needsMfa, principal));
    const widest = policies.reduce((a, b) => (b.Statement[0].Action.length > a.Statement[0].Action.length ? b : a));
    lines.push('', `# federation-token roles (${plan.federationToken.map((p) => p.role.key).join(', ')}) have no IAM role: Roleport's IAM user needs this policy (account ${principal.account})`);
    if (principal.kind === 'user') {
      const file = writePolicy(out, 'roleport-user.federation-token-policy.json', widest);
      lines.push(`aws iam put-user-policy --user-name ${shellWord(principal.arn.split('/').at(-1) ?? '')} --policy-name ${FEDERATION_POLICY_NAME} --policy-document ${file}`);
    } else {
      lines.push(`# Roleport calls AWS as ${principal.arn}, not an IAM user: GetFederationToken needs an IAM user's long-term keys`);
    }
  }
  return `${lines.join('\n')}\n`;
}
