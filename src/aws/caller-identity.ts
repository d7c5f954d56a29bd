// Who Roleport is to AWS: GetCallerIdentity with its configured credentials, the ARN trust policies name.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Role } from '../access/index.ts';
import type { RoleportConfig } from '../config/index.ts';
import { brokerCredentialsFromConfig } from './broker-credentials.ts';
import { type StsClients, createStsClients } from './sts-client.ts';

type Asked = Pick<Role, 'partition' | 'arn' | 'key'>;

/** The caller ARN of Roleport's credentials, asked on the partition of the role `about` (named in errors). */
export async function callerArn(clients: StsClients, about: Asked): Promise<string | undefined> {
  const who = await clients.call(about.partition, { action: 'GetCallerIdentity', roleArn: about.arn, roleKey: about.key }, (client, options) => client.send(new GetCallerIdentityCommand({}), options));
  return who.Arn;
}

/** The same with clients of its own, for a command that makes no other STS call. */
export async function brokerCallerArn(config: RoleportConfig, about: Asked): Promise<string | undefined> {
  const clients = createStsClients({ aws: config.aws, broker: brokerCredentialsFromConfig(config) });
  try {
    return await callerArn(clients, about);
  } finally {
    clients.close();
  }
}
