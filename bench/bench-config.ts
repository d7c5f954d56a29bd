// The benchmark's configuration, written to a temporary folder: a broker whose STS is the sandbox in
// a process of its own, an LDAP source on the bench's slapd, local users holding 10, 100 and 1,000
// entitlements, and a rule set of 10,000 rules over 200 groups for the rule-evaluation case.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { hashPassword } from '../src/identity/index.ts';

export const ACCOUNTS = 10;
export const ROLES_PER_ACCOUNT = 100;
export const BROKER_USER = 'bench-broker';
export const BROKER_ACCOUNT = '100000000000';
export const PASSWORD = 'bench-password';
/** The role every issuance case asks for. */
export const ISSUED_ROLE = { account: 'acct-00', name: 'Role-000', arn: `arn:aws:iam::${BROKER_ACCOUNT}:role/Role-000` };

export type BenchPorts = { broker: number; sandbox: number };
export type LdapPeer = { ldapUrl: string; serviceDn: string; servicePassword: string; baseDn: string };

const accountId = (index: number) => String(100000000000 + index);
const accountName = (index: number) => `acct-${String(index).padStart(2, '0')}`;
const roleName = (index: number) => `Role-${String(index).padStart(3, '0')}`;

/** The environment both processes read their secrets from. */
export function benchSecrets(ldap: LdapPeer): Record<string, string> {
  return {
    BENCH_SESSION_SECRET: 'bench-session-secret-of-enough-length-0123456789',
    BENCH_BROKER_SECRET: 'bench/broker/secret/key/0123456789abcdefABCDEF',
    BENCH_LDAP_PASSWORD: ldap.servicePassword,
  };
}

export async function writeBenchConfig(dir: string, ports: BenchPorts, ldap: LdapPeer): Promise<string> {
  // A cheap scrypt cost: the sign-ins that fill the session store measure sessions, not scrypt.
  const config = benchConfig(ports, ldap, await hashPassword(PASSWORD, { ln: 4, r: 8, p: 1 }));
  const file = join(dir, 'roleport.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/** The configuration as a YAML file would hold it. */
export function benchConfig(ports: BenchPorts, ldap: LdapPeer, hash: string) {
  const sandboxUrl = `http://127.0.0.1:${ports.sandbox}`;
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${BROKER_ACCOUNT}:user/${BROKER_USER}` }, Action: ['sts:AssumeRole'] }] };
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ id: accountId(i), name: accountName(i) }));
  const roles = accounts.flatMap((account) => Array.from({ length: ROLES_PER_ACCOUNT }, (_, j) => ({ account: account.name, name: roleName(j), description: `Role ${j} of ${account.name}`, maxDuration: '1h' })));
  return {
    server: { publicUrl: `http://127.0.0.1:${ports.broker}`, port: ports.broker, host: '127.0.0.1' },
    session: { secret: 'env:BENCH_SESSION_SECRET' },
    // The bench signs in the same people from one address many times at once: it measures a sign-in's
    // cost, so the throttle's rules still run but with room for its parallel, successful attempts.
    login: { throttle: { usernameAddress: { free: 1000 }, username: { failures: 100_000 }, address: { failures: 1_000_000 } } },
    identity: [
      {
        id: 'local',
        type: 'local',
        users: [
          { name: 'p10', password: hash, groups: ['ten'] },
          { name: 'p100', password: hash, groups: ['hundred'] },
          { name: 'p1000', password: hash, groups: ['everything'] },
        ],
      },
      {
        id: 'corp',
        type: 'ldap',
        urls: [ldap.ldapUrl],
        bind: { dn: ldap.serviceDn, password: 'env:BENCH_LDAP_PASSWORD' },
        users: { base: `ou=people,${ldap.baseDn}`, filter: '(uid={username})' },
        groups: { strategy: 'search', base: `ou=groups,${ldap.baseDn}`, memberAttribute: 'member' },
      },
    ],
    aws: {
      partition: 'aws',
      region: 'us-east-1',
      credentials: { sandboxUser: BROKER_USER },
      endpoints: { sts: `${sandboxUrl}/sts`, signin: `${sandboxUrl}/federation`, console: `${sandboxUrl}/console` },
      consoleDestinations: [`${sandboxUrl}/console/`],
    },
    accounts,
    roles,
    rules: [
      { groups: ['ten'], grant: ['acct-00/Role-00?'] },
      { groups: ['hundred'], grant: ['acct-00/*'] },
      { groups: ['everything'], grant: ['*/*'] },
      { groups: ['developers'], grant: [`${ISSUED_ROLE.account}/${ISSUED_ROLE.name}`] },
    ],
    sandbox: {
      mount: false,
      accounts: [BROKER_ACCOUNT],
      users: [{ name: BROKER_USER, account: BROKER_ACCOUNT, accessKeyId: 'AKIABENCHBROKER00001', secretAccessKey: 'env:BENCH_BROKER_SECRET' }],
      roles: [{ account: BROKER_ACCOUNT, name: ISSUED_ROLE.name, maxSessionDuration: '1h', trustPolicy: trust }],
    },
  };
}

/**
 * 10,000 rules, one per directory group (as when each team's group maps to its roles), for a person
 * in 200 of those groups; one rule in 500 names its groups by glob instead, one in 1,000 denies.
 */
export function ruleSet(): { rules: { groups: string[]; grant?: string[]; deny?: string[] }[]; groups: string[] } {
  const group = (i: number) => `team-${String(i).padStart(5, '0')}`;
  const groups = Array.from({ length: 200 }, (_, i) => group(i * 50));
  const rules = Array.from({ length: 10_000 }, (_, i) => {
    const r = Math.floor(i / 10) % (ACCOUNTS * ROLES_PER_ACCOUNT);
    const role = `${accountName(r % ACCOUNTS)}/${roleName(Math.floor(r / ACCOUNTS))}`;
    if (i % 1000 === 950) return { groups: [group(i)], deny: [role] };
    if (i % 500 === 7) return { groups: ['team-000*'], grant: [role] };
    return { groups: [group(i)], grant: [role] };
  });
  return { rules, groups };
}
