import type { RoleportConfig } from '../config/index.ts';
import { buildRoleCatalog } from './roles.ts';
import { type AccessPolicy, compileRules } from './rules.ts';

export { compileGlob, type Matcher } from './glob.ts';
export { type Role, buildRole, buildRoleCatalog, roleArn, roleKey } from './roles.ts';
export { type AccessPolicy, type CompiledRule, type Entitlement, compileRules, findEntitlement, resolveEntitlements } from './rules.ts';

/** Roles and rules, compiled once when the configuration loads. */
export function buildAccessPolicy(config: Pick<RoleportConfig, 'accounts' | 'roles' | 'aws' | 'rules'>): AccessPolicy {
  return { roles: buildRoleCatalog(config), rules: compileRules(config.rules) };
}
export { entitlementsFor, federatedRole, resolveFederatedEntitlements } from './federated-roles.ts';
