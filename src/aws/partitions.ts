// AWS partitions: the STS, sign-in and console hosts of aws, aws-cn and aws-us-gov, and config overrides.
import type { AwsConfig, Partition } from '../config/index.ts';

type PartitionInfo = {
  dnsSuffix: string;
  defaultRegion: string;
  regionPattern: RegExp;
  signin: string;
  console: string;
  /** IAM's one global endpoint in the partition, and the region requests to it are signed for. */
  iam: { url: string; region: string };
  /**
   * The console logout (not documented by AWS; observed: see the README, "Switching accounts") and
   * the federation endpoint its redirect_uri must be on. None known to work outside `aws`.
   */
  logout?: { url: string; signin: string };
};

/** Hosts per partition (sign-in and console hosts outside `aws`: see aws-federation-facts.md §1.2). */
export const PARTITION_INFO: Record<Partition, PartitionInfo> = {
  aws: {
    dnsSuffix: 'amazonaws.com',
    defaultRegion: 'us-east-1',
    regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    signin: 'https://signin.aws.amazon.com/federation',
    console: 'https://console.aws.amazon.com/',
    iam: { url: 'https://iam.amazonaws.com', region: 'us-east-1' },
    logout: { url: 'https://us-east-1.signin.aws.amazon.com/oauth', signin: 'https://us-east-1.signin.aws.amazon.com/federation' },
  },
  'aws-cn': {
    dnsSuffix: 'amazonaws.com.cn',
    defaultRegion: 'cn-north-1',
    regionPattern: /^cn-\w+-\d+$/,
    signin: 'https://signin.amazonaws.cn/federation',
    console: 'https://console.amazonaws.cn/',
    iam: { url: 'https://iam.cn-north-1.amazonaws.com.cn', region: 'cn-north-1' },
  },
  'aws-us-gov': {
    dnsSuffix: 'amazonaws.com',
    defaultRegion: 'us-gov-west-1',
    regionPattern: /^us-gov-\w+-\d+$/,
    signin: 'https://signin.amazonaws-us-gov.com/federation',
    console: 'https://console.amazonaws-us-gov.com/',
    iam: { url: 'https://iam.us-gov.amazonaws.com', region: 'us-gov-west-1' },
  },
};

type Endpoints = Pick<AwsConfig, 'region' | 'endpoints'>;
type LogoutSettings = Pick<AwsConfig, 'endpoints' | 'consoleLogout'>;

/** aws.region when it belongs to the partition, else the partition's home region. */
export function regionFor(aws: Endpoints, partition: Partition): string {
  const info = PARTITION_INFO[partition];
  return info.regionPattern.test(aws.region) ? aws.region : info.defaultRegion;
}

/** The region AWS tools should use with a role's keys: its own `region`, else regionFor its partition. */
export function roleRegion(aws: Endpoints, role: { partition: Partition; region?: string }): string {
  return role.region ?? regionFor(aws, role.partition);
}

/** The STS endpoint: aws.endpoints.sts, else the partition's regional endpoint. */
export function stsEndpointFor(aws: Endpoints, partition: Partition): string {
  if (aws.endpoints.sts) return aws.endpoints.sts;
  return `https://sts.${regionFor(aws, partition)}.${PARTITION_INFO[partition].dnsSuffix}`;
}

/** The IAM endpoint: aws.endpoints.iam, else the partition's; with the region to sign for. */
export function iamEndpointFor(aws: Pick<AwsConfig, 'endpoints'>, partition: Partition): { url: string; region: string } {
  const own = PARTITION_INFO[partition].iam;
  return { url: aws.endpoints.iam ?? own.url, region: own.region };
}

/** The federation endpoint (getSigninToken and Action=login). */
export function signinEndpointFor(aws: Pick<AwsConfig, 'endpoints'>, partition: Partition): string {
  return aws.endpoints.signin ?? PARTITION_INFO[partition].signin;
}

/** The console's home page in the partition. */
export function consoleUrlFor(aws: Endpoints, partition: Partition): string {
  return aws.endpoints.console ?? PARTITION_INFO[partition].console;
}

/**
 * Where a console sign-in goes: the federation endpoint, and the logout to pass through first when
 * aws.consoleLogout is on and a logout is known: aws.endpoints.logout, else the partition's own —
 * only with the partition's own sign-in, on the host its logout wants in redirect_uri.
 */
export function consoleSignInRoute(aws: LogoutSettings, partition: Partition): { signin: string; logout?: string } {
  const plain = { signin: signinEndpointFor(aws, partition) };
  if (!aws.consoleLogout) return plain;
  if (aws.endpoints.logout) return { ...plain, logout: aws.endpoints.logout };
  const known = PARTITION_INFO[partition].logout;
  if (aws.endpoints.signin || !known) return plain;
  return { signin: known.signin, logout: known.url };
}
