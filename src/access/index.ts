import type { RoleportConfig } from '../config/index.ts';
import { accountInfo, buildRoleCatalog } from './roles.ts';
import { type AccessPolicy, compileRules } from './rules.ts';

export { compileGlob, type Matcher } from './glob.ts';
export { mfaPolicyWarnings } from './mfa-warnings.ts';
export { type Role, buildRole, buildRoleCatalog, roleArn, roleKey } from './roles.ts';
export { type AccessPolicy, type CompiledRule, type Entitlement, compileRules, resolveEntitlements as resolveRuleEntitlements } from './rules.ts';
// What the rest of the broker asks: AWS-federation SAML sign-ins get the roles of their assertion
// (as the rules allow); everyone else the roles the rules grant.
export { entitlementsFor as resolveEntitlements, findEntitlementFor as findEntitlement, federatedRole, resolveFederatedEntitlements } from './federated-roles.ts';

/** Roles and rules, compiled once when the configuration loads. */
export function buildAccessPolicy(config: Pick<RoleportConfig, 'accounts' | 'roles' | 'aws' | 'rules'>): AccessPolicy {
  return { roles: buildRoleCatalog(config), rules: compileRules(config.rules), accounts: config.accounts.map(accountInfo) };
}
export { MAX_QUERY_LENGTH, closestEntitlements, findRole, queryWords, readSearchQuery, sameRoleKey, searchEntitlements } from './role-search.ts';
export { type RoleGrant, deniedBecause, deniedRoles, deniesOfRole, grantsOfRole, roleNeedsMfa } from './role-grants.ts';
export { type RuleFinding, lintRules } from './rule-lint.ts';
