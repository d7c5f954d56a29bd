// What the sandbox knows: its accounts, IAM users and roles (from config), its session key, its clock,
// the roles' inline policies (IAM PutRolePolicy), and the short-lived sign-in tokens and console sessions it has handed out.
import type { SandboxConfig } from '../config/index.ts';
import { ExpiringMap } from './expiring-map.ts';
import { principalId, roleArn, userArn } from './ids.ts';
import { type ConsolePolicy, SessionAuthority, type SessionClaims } from './session-credentials.ts';
import { checkTrustPolicy } from './trust-policy.ts';

export type SandboxUser = { name: string; account: string; arn: string; userId: string; accessKeyId: string; secretAccessKey: string; policies: readonly unknown[] };
export type SandboxRole = { account: string; name: string; path: string; arn: string; roleId: string; maxSessionDuration: number; trustPolicy: Record<string, unknown> };

/** A console sign-in token (15 minutes, single use) and the console session it opens. */
export type SigninGrant = { claims: SessionClaims; consoleExpiresAt: number };
export type ConsoleSession = { claims: SessionClaims; expiresAt: number; issuer?: string };
/** An inline policy as put: the document's text (GetRolePolicy returns it) and its parsed form. */
export type InlinePolicy = { text: string; document: unknown };

export type SandboxState = {
  partition: string;
  accounts: ReadonlySet<string>;
  usersByKey: ReadonlyMap<string, SandboxUser>;
  rolesByArn: ReadonlyMap<string, SandboxRole>;
  /** Inline policies of each role, by role ARN, then policy name. */
  rolePolicies: Map<string, Map<string, InlinePolicy>>;
  sessions: SessionAuthority;
  clock: () => Date;
  signinTokens: ExpiringMap<SigninGrant>;
  consoleSessions: ExpiringMap<ConsoleSession>;
  /** IAM OIDC identity providers (AssumeRoleWithWebIdentity), as configured. */
  oidcProviders: SandboxConfig['oidcProviders'];
  /** IAM SAML providers (AssumeRoleWithSAML), as configured. */
  samlProviders: SandboxConfig['samlProviders'];
};

export type { ConsolePolicy, SessionClaims };

export function createSandboxState(config: SandboxConfig, clock: () => Date = () => new Date()): SandboxState {
  const partition = config.partition ?? 'aws';
  const usersByKey = new Map<string, SandboxUser>();
  for (const user of config.users) {
    const arn = userArn(partition, user.account, user.name);
    usersByKey.set(user.accessKeyId, { name: user.name, account: user.account, arn, userId: principalId('AIDA', arn), accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey.value, policies: user.policies });
  }
  const rolesByArn = new Map<string, SandboxRole>();
  for (const role of config.roles) {
    const problems = checkTrustPolicy(role.trustPolicy);
    if (problems.length > 0) throw new Error(`sandbox role ${role.account}/${role.name}: invalid trust policy: ${problems.join('; ')}`);
    const path = role.path ?? '/';
    const arn = roleArn(partition, role.account, path, role.name);
    rolesByArn.set(arn, { account: role.account, name: role.name, path, arn, roleId: principalId('AROA', arn), maxSessionDuration: role.maxSessionDuration, trustPolicy: role.trustPolicy });
  }
  return {
    partition,
    accounts: new Set(config.accounts),
    usersByKey,
    rolesByArn,
    rolePolicies: new Map(),
    sessions: new SessionAuthority(),
    clock,
    signinTokens: new ExpiringMap(50_000),
    consoleSessions: new ExpiringMap(50_000),
    oidcProviders: config.oidcProviders,
    samlProviders: config.samlProviders,
  };
}

/** A role of `account` by name, compared ignoring case as IAM does. */
export function findRole(state: SandboxState, account: string, name: string): SandboxRole | undefined {
  const wanted = name.toLowerCase();
  for (const role of state.rolesByArn.values()) if (role.account === account && role.name.toLowerCase() === wanted) return role;
  return undefined;
}
