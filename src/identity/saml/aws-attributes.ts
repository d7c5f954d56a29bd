// Reads AWS's SAML attributes: Role pairs (<role-arn>,<saml-provider-arn> in either order),
// RoleSessionName and SessionDuration.
import type { SamlAttributes } from './attributes.ts';

export const AWS_ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
export const AWS_ROLE_SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
export const AWS_SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';
export const AWS_AUDIENCE = 'urn:amazon:webservices';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/[\w._-]{1,128}$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export type AwsRolePair = { roleArn: string; providerArn: string };

/** The pairs the Role attribute lists; malformed values are left out and reported. */
export function readAwsRoles(attributes: SamlAttributes): { roles: AwsRolePair[]; malformed: string[] } {
  const roles: AwsRolePair[] = [];
  const malformed: string[] = [];
  for (const value of attributes[AWS_ROLE_ATTRIBUTE] ?? []) {
    const parts = value.split(',').map((part) => part.trim());
    const roleArn = parts.find((part) => ROLE_ARN.test(part));
    const providerArn = parts.find((part) => PROVIDER_ARN.test(part));
    if (parts.length !== 2 || !roleArn || !providerArn) {
      malformed.push(value);
      continue;
    }
    if (!roles.some((r) => r.roleArn === roleArn && r.providerArn === providerArn)) roles.push({ roleArn, providerArn });
  }
  return { roles, malformed };
}

export function readRoleSessionName(attributes: SamlAttributes): { value?: string; problem?: string } {
  const values = attributes[AWS_ROLE_SESSION_NAME_ATTRIBUTE] ?? [];
  if (values.length === 0) return { problem: `the assertion has no ${AWS_ROLE_SESSION_NAME_ATTRIBUTE} attribute, which AWS requires` };
  if (values.length > 1) return { problem: `the assertion has ${values.length} RoleSessionName values; AWS takes exactly one` };
  if (!SESSION_NAME.test(values[0])) return { problem: `the RoleSessionName '${values[0]}' is not 2-64 letters, digits and _ + = , . @ -` };
  return { value: values[0] };
}

export function readSessionDuration(attributes: SamlAttributes): { value?: number; problem?: string } {
  const values = attributes[AWS_SESSION_DURATION_ATTRIBUTE] ?? [];
  if (values.length === 0) return {};
  const seconds = Number(values[0]);
  if (values.length > 1 || !/^\d+$/.test(values[0]) || seconds < 900 || seconds > 43200) {
    return { problem: `the SessionDuration '${values.join(', ')}' is not a whole number of seconds from 900 to 43200` };
  }
  return { value: seconds };
}
