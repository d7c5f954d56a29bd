// Roleport's own AWS credentials, from aws.credentials: the SDK provider chain, keys, or a sandbox IAM user.
import type { RoleportConfig } from '../config/index.ts';

export type BrokerKeys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type BrokerCredentials = {
  kind: 'default' | 'keys' | 'sandbox-user';
  /** Fixed keys; undefined means the SDK's default provider chain finds them. */
  keys?: BrokerKeys;
  /** For logs and messages; never a secret. */
  description: string;
};

export function brokerCredentialsFromConfig(config: Pick<RoleportConfig, 'aws' | 'sandbox'>): BrokerCredentials {
  const credentials = config.aws.credentials;
  if (credentials === 'default') return { kind: 'default', description: 'the AWS SDK default provider chain' };
  if ('sandboxUser' in credentials) {
    const user = config.sandbox?.users.find((candidate) => candidate.name === credentials.sandboxUser);
    // The schema refuses an unknown sandbox user; this guards a config built by hand.
    if (!user) throw new Error(`aws.credentials.sandboxUser: no sandbox user is named '${credentials.sandboxUser}'`);
    return {
      kind: 'sandbox-user',
      keys: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey.value },
      description: `sandbox IAM user ${user.name} (${user.accessKeyId})`,
    };
  }
  return {
    kind: 'keys',
    keys: {
      accessKeyId: credentials.accessKeyId.value,
      secretAccessKey: credentials.secretAccessKey.value,
      sessionToken: credentials.sessionToken?.value,
    },
    description: `access key ${credentials.accessKeyId.value} from aws.credentials`,
  };
}
