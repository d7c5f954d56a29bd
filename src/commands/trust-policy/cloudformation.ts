// `--format cloudformation`: one template per account that creates the IAM roles Roleport issues there,
// ready for a StackSet: nothing account-specific is written in (the account and partition come from
// AWS::AccountId and AWS::Partition; Roleport's principal and each ExternalId are parameters).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_SESSION_DURATION_FLOOR, type PlannedRole, type PolicyValues, type TrustPlan, trustPolicyOf } from './plan.ts';

export const PRINCIPAL_PARAMETER = 'RoleportPrincipal';

export type Template = {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters: Record<string, Record<string, unknown>>;
  Resources: Record<string, { Type: 'AWS::IAM::Role'; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Description: string; Value: unknown }>;
};

/** A logical id of letters and digits, unique in the template. */
function logicalId(name: string, taken: Set<string>): string {
  const base = `${name.replace(/[^A-Za-z0-9]/g, '') || 'Role'}Role`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

function templateFor(plan: TrustPlan, account: TrustPlan['accounts'][number], roles: PlannedRole[], principal: string | undefined): Template {
  const template: Template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `IAM roles Roleport issues in the account ${account.name}, with the trust policies Roleport needs (attach their permissions yourself).`,
    Parameters: {},
    Resources: {},
    Outputs: {},
  };
  if (roles.some((p) => p.role.method !== 'web-identity'))
    template.Parameters[PRINCIPAL_PARAMETER] = { Type: 'String', ...(principal ? { Default: principal } : {}), AllowedPattern: 'arn:aws[a-z-]*:iam::\\d{12}:(user|role)/.+|arn:aws[a-z-]*:iam::\\d{12}:root', Description: "Roleport's AWS identity: the IAM user or role whose credentials Roleport calls STS with" };
  const taken = new Set<string>([PRINCIPAL_PARAMETER]);
  const externalIds = new Map<PlannedRole, string>();
  for (const planned of roles) {
    const id = logicalId(planned.role.name, taken);
    if (planned.role.externalId !== undefined) {
      const parameter = `${id}ExternalId`;
      taken.add(parameter);
      externalIds.set(planned, parameter);
      template.Parameters[parameter] = { Type: 'String', NoEcho: true, MinLength: 2, MaxLength: 1224, AllowedPattern: '[\\w+=,.@:/-]*', Description: `The ExternalId Roleport sends for ${planned.role.key} (its externalId)` };
    }
    const values: PolicyValues = {
      principal: { Ref: PRINCIPAL_PARAMETER },
      externalId: (p) => (externalIds.has(p) ? { Ref: externalIds.get(p) } : undefined),
      oidcProviderArn: (_p, name) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/${name}` }),
    };
    const trustPolicy = trustPolicyOf(plan, planned, values);
    if (!trustPolicy) continue;
    template.Resources[id] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: planned.role.name,
        Path: planned.role.path,
        ...(planned.role.description ? { Description: planned.role.description } : {}),
        // IAM's MaxSessionDuration is 1-12 hours; Roleport asks for the role's maxDuration at most.
        MaxSessionDuration: Math.max(MAX_SESSION_DURATION_FLOOR, planned.role.maxDuration),
        AssumeRolePolicyDocument: trustPolicy,
      },
    };
    template.Outputs[`${id}Arn`] = { Description: `The ARN of ${planned.role.key}`, Value: { 'Fn::GetAtt': [id, 'Arn'] } };
  }
  return template;
}

/** Writes each template to `<dir>/<account>.template.json`; returns the files written. */
export function writeTemplates(templates: Record<string, Template>, dir: string): string[] {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  return Object.entries(templates).map(([account, template]) => {
    const file = join(out, `${account}.template.json`);
    writeFileSync(file, `${JSON.stringify(template, null, 2)}\n`);
    return file;
  });
}

/** A template per account that has IAM roles for Roleport, keyed by the account's name. */
export function cloudFormationTemplates(plan: TrustPlan, principal: string | undefined): Record<string, Template> {
  const templates: Record<string, Template> = {};
  for (const account of plan.accounts) {
    const roles = plan.roles.filter((p) => p.role.account.id === account.id);
    if (roles.length === 0) continue;
    const template = templateFor(plan, account, roles, principal);
    if (Object.keys(template.Resources).length > 0) templates[account.name] = template;
  }
  return templates;
}
