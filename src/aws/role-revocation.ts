// Revoking a role's older sessions through IAM. IAM acts on the caller's own account and takes a role
// name, so for a role of Roleport's own account Roleport calls IAM with its own credentials; for any
// other account it first assumes that account's revocationRole and calls IAM as that role.
// The IAM client loads with the first revocation or look-up, not at start (most requests never need it).
import type * as Iam from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Role } from '../access/index.ts';
import type { AwsConfig, Partition, RoleportConfig } from '../config/index.ts';
import { RoleportError } from '../errors.ts';
import type { BrokerKeys } from './broker-credentials.ts';
import { type IamCallContext, mapIamError } from './iam-errors.ts';
import { iamEndpointFor } from './partitions.ts';
import { REVOKE_POLICY_NAME, cutoffOf, revocationCutoff, revokePolicyDocument } from './revoke-policy.ts';
import { type StsClients, stsClientSettings } from './sts-client.ts';

/** The role an account needs for Roleport to revoke sessions there, when it has none. */
const SUGGESTED_REVOCATION_ROLE = 'RoleportRevocation';

/** How Roleport reaches IAM in a role's account. */
export type RevocationRoute =
  | { kind: 'own-account'; brokerArn: string }
  | { kind: 'revocation-role'; roleArn: string; brokerArn: string }
  /** No way in: `roleToCreate` is the role to create (trusting `brokerArn`) and name in accounts[].revocationRole. */
  | { kind: 'none'; roleToCreate: string; brokerArn: string };

/** The account has no way in for Roleport: what to create, and where to name it. */
export function noRevocationRoleMessage(role: Role, route: Extract<RevocationRoute, { kind: 'none' }>): string {
  return `Roleport cannot call IAM in the account ${role.account.name}: IAM acts only in the caller's own account, and this account has no revocation role. Create the role ${route.roleToCreate}, trusting ${route.brokerArn} (sts:AssumeRole), with the permission iam:PutRolePolicy (and iam:GetRolePolicy, to show the last revocation) on the roles of this account, and name it in accounts[].revocationRole.`;
}

const noRevocationRole = (role: Role, route: Extract<RevocationRoute, { kind: 'none' }>) =>
  new RoleportError({ status: 409, code: 'no_revocation_role', message: noRevocationRoleMessage(role, route) });

/** What GetRolePolicy says about the last revocation: when, never, or that it could not be read (why). */
export type LastRevocation = { at?: Date; unreadable?: string };

export type RoleRevocation = {
  routeFor(role: Role): Promise<RevocationRoute>;
  /** Puts AWSRevokeOlderSessions on the role with the cutoff after `now`; `sessionName` names the admin in CloudTrail. */
  revoke(role: Role, options: { now: Date; sessionName: string }): Promise<{ cutoff: Date; route: RevocationRoute }>;
  lastRevocation(role: Role, options: { sessionName: string }): Promise<LastRevocation>;
  close(): void;
};

type Options = { config: Pick<RoleportConfig, 'aws' | 'accounts'>; clients: StsClients; brokerKeys?: BrokerKeys };

export function createRoleRevocation({ config, clients, brokerKeys }: Options): RoleRevocation {
  const aws: AwsConfig = config.aws;
  const brokerIdentity = new Map<Partition, Promise<{ account: string; arn: string }>>();
  const brokerIam = new Map<Partition, Iam.IAMClient>();

  const iamClient = (iam: typeof Iam, partition: Partition, credentials: BrokerKeys | undefined): Iam.IAMClient => {
    const { url, region } = iamEndpointFor(aws, partition);
    // The same retries, keep-alive and time bounds as Roleport's STS clients.
    return new iam.IAMClient(stsClientSettings({ region, endpoint: url, credentials, timeoutMs: aws.stsTimeout * 1000 }) as Iam.IAMClientConfig);
  };

  const whoIsBroker = (partition: Partition) => {
    let known = brokerIdentity.get(partition);
    if (!known) {
      known = clients
        .call(partition, { action: 'GetCallerIdentity', roleArn: '(Roleport itself)', roleKey: 'Roleport' }, (client, options) => client.send(new GetCallerIdentityCommand({}), options))
        .then((answer) => ({ account: answer.Account ?? '', arn: answer.Arn ?? '' }));
      known.catch(() => brokerIdentity.delete(partition));
      brokerIdentity.set(partition, known);
    }
    return known;
  };

  const routeFor = async (role: Role): Promise<RevocationRoute> => {
    const broker = await whoIsBroker(role.partition);
    if (broker.account === role.account.id) return { kind: 'own-account', brokerArn: broker.arn };
    const configured = config.accounts.find((account) => account.id === role.account.id)?.revocationRole;
    const arnOf = (nameWithPath: string) => `arn:${role.partition}:iam::${role.account.id}:role${nameWithPath.startsWith('/') ? '' : '/'}${nameWithPath}`;
    if (configured) return { kind: 'revocation-role', roleArn: arnOf(configured), brokerArn: broker.arn };
    return { kind: 'none', roleToCreate: arnOf(SUGGESTED_REVOCATION_ROLE), brokerArn: broker.arn };
  };

  /** Runs `send` on an IAM client acting in the role's account, and says who that caller is. */
  const inAccount = async <T>(role: Role, sessionName: string, send: (client: Iam.IAMClient, caller: string, iam: typeof Iam) => Promise<T>): Promise<{ result: T; route: RevocationRoute }> => {
    const [route, iam] = await Promise.all([routeFor(role), import('@aws-sdk/client-iam')]);
    if (route.kind === 'none') throw noRevocationRole(role, route);
    if (route.kind === 'own-account') {
      let client = brokerIam.get(role.partition);
      if (!client) brokerIam.set(role.partition, (client = iamClient(iam, role.partition, brokerKeys)));
      return { result: await send(client, `Roleport's own AWS identity (${route.brokerArn})`, iam), route };
    }
    const assumed = await clients.call(role.partition, { action: 'AssumeRole', roleArn: route.roleArn, roleKey: `${role.account.name}'s revocation role` }, (client, options) =>
      client.send(new AssumeRoleCommand({ RoleArn: route.roleArn, RoleSessionName: sessionName, DurationSeconds: 900 }), options));
    const keys = assumed.Credentials;
    const client = iamClient(iam, role.partition, { accessKeyId: keys?.AccessKeyId ?? '', secretAccessKey: keys?.SecretAccessKey ?? '', sessionToken: keys?.SessionToken });
    try {
      return { result: await send(client, `the revocation role ${route.roleArn}`, iam), route };
    } finally {
      client.destroy();
    }
  };

  const callContext = (role: Role, permission: string, caller: string): IamCallContext => ({ permission, roleKey: role.key, roleArn: role.arn, caller, endpoint: iamEndpointFor(aws, role.partition).url });

  return {
    routeFor,
    async revoke(role, { now, sessionName }) {
      const cutoff = revocationCutoff(now);
      const { route } = await inAccount(role, sessionName, (client, caller, iam) =>
        client
          .send(new iam.PutRolePolicyCommand({ RoleName: role.name, PolicyName: REVOKE_POLICY_NAME, PolicyDocument: revokePolicyDocument(cutoff) }))
          .catch((error: unknown) => {
            throw mapIamError(error, callContext(role, 'iam:PutRolePolicy', caller));
          }));
      return { cutoff, route };
    },
    async lastRevocation(role, { sessionName }) {
      try {
        const { result } = await inAccount(role, sessionName, (client, caller, iam) =>
          client.send(new iam.GetRolePolicyCommand({ RoleName: role.name, PolicyName: REVOKE_POLICY_NAME })).then(
            (answer): LastRevocation => ({ at: cutoffOf(answer.PolicyDocument ?? '') }),
            (error: unknown): LastRevocation => {
              if ((error as { name?: string }).name === 'NoSuchEntityException' && /role policy/i.test((error as Error).message)) return {};
              throw mapIamError(error, callContext(role, 'iam:GetRolePolicy', caller));
            },
          ));
        return result;
      } catch (error) {
        return { unreadable: error instanceof Error ? error.message : String(error) };
      }
    },
    close() {
      for (const client of brokerIam.values()) client.destroy();
      brokerIam.clear();
    },
  };
}
