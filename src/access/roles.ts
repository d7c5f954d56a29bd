// The configured roles, resolved once at load: account id, partition, ARN and every issuance setting.
import type { AccountConfig, Partition, RoleConfig, RoleMethod, RoleportConfig, Secret } from '../config/index.ts';

export type Role = {
  /** How the role is addressed everywhere: `<account name>/<role name>`. */
  key: string;
  name: string;
  path: string;
  arn: string;
  description?: string;
  account: { id: string; name: string; color?: string; description?: string; mfa?: boolean };
  partition: Partition;
  method: RoleMethod;
  maxDuration: number;
  externalId?: Secret;
  sourceIdentity: boolean;
  sessionTags: Record<string, string>;
  transitiveTagKeys?: string[];
  /** Inline session policy as JSON text. */
  policy?: string;
  policyArns?: string[];
  consoleDestination?: string;
  /** The region configured for the role's keys (see roleRegion in aws/ for the default). */
  region?: string;
  /** For roles of an AWS-federation SAML source: the IAM SAML provider named by the assertion. */
  samlProviderArn?: string;
  /** Why the role needs a second factor for everyone (the role or its account says so), if it does. */
  mfa?: string;
  /** Issuances of the role are posted to the notifications webhook (roles[].notify; others never are). */
  notify?: boolean;
};

/** The reason a role needs MFA whoever opens it: its own `mfa: required`, or its account's. */
export function roleMfaReason(key: string, own: boolean, account: Role['account']): string | undefined {
  if (own) return `the role ${key} says mfa: required`;
  if (account.mfa) return `the account ${account.name} says mfa: required`;
  return undefined;
}

export function roleKey(accountName: string, roleName: string): string {
  return `${accountName}/${roleName}`;
}

export function roleArn(partition: Partition, accountId: string, path: string, name: string): string {
  return `arn:${partition}:iam::${accountId}:role${path}${name}`;
}

/** What a role carries of its account. */
export function accountInfo(account: AccountConfig): Role['account'] {
  return { id: account.id, name: account.name, color: account.color, description: account.description, mfa: account.mfa === 'required' };
}

export function buildRole(role: RoleConfig, account: AccountConfig, defaultPartition: Partition): Role {
  const partition = account.partition ?? defaultPartition;
  const key = roleKey(account.name, role.name);
  const info = accountInfo(account);
  return {
    key,
    name: role.name,
    path: role.path,
    arn: roleArn(partition, account.id, role.path, role.name),
    description: role.description,
    account: info,
    partition,
    method: role.method,
    maxDuration: role.maxDuration,
    externalId: role.externalId ?? account.externalId,
    sourceIdentity: role.sourceIdentity,
    sessionTags: role.sessionTags,
    transitiveTagKeys: role.transitiveTagKeys,
    policy: typeof role.policy === 'object' ? JSON.stringify(role.policy) : role.policy,
    policyArns: role.policyArns,
    consoleDestination: role.consoleDestination,
    region: role.region,
    mfa: roleMfaReason(key, role.mfa === 'required', info),
    notify: role.notify,
  };
}

/** Every configured role by its key. */
export function buildRoleCatalog(config: Pick<RoleportConfig, 'accounts' | 'roles' | 'aws'>): Map<string, Role> {
  const accounts = new Map(config.accounts.map((account) => [account.name, account]));
  const catalog = new Map<string, Role>();
  for (const role of config.roles) {
    const account = accounts.get(role.account);
    if (!account) continue; // the schema refuses such a role before we get here
    const built = buildRole(role, account, config.aws.partition);
    catalog.set(built.key, built);
  }
  return catalog;
}
