// The ExternalId sent with AssumeRole: the role's own, else its account's, checked against STS's rules.
import type { Role } from '../access/index.ts';
import { RoleportError } from '../errors.ts';

const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;

/** A problem with an ExternalId value, or undefined when STS will accept it. */
export function externalIdProblem(value: string): string | undefined {
  if (value.length < 2 || value.length > 1224) return `must be 2-1224 characters long (it is ${value.length})`;
  if (!EXTERNAL_ID.test(value)) return 'may contain only letters, digits and + = , . @ : / - _';
  return undefined;
}

export function externalIdFor(role: Pick<Role, 'externalId' | 'key'>): string | undefined {
  const value = role.externalId?.value;
  if (value === undefined) return undefined;
  const problem = externalIdProblem(value);
  if (problem)
    throw new RoleportError({ status: 500, code: 'external_id_invalid', message: `The ExternalId configured for ${role.key} is not valid: it ${problem}.` });
  return value;
}
