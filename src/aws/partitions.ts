// AWS partitions: the STS, sign-in and console hosts of aws, aws-cn and aws-us-gov, and config overrides.
import type { AwsConfig, Partition } from '../config/index.ts';

type PartitionInfo = {
  dnsSuffix: string;
  defaultRegion: string;
  regionPattern: RegExp;
  signin: string;
  console: string;
};

/** Hosts per partition (sign-in and console hosts outside `aws`: see aws-federation-facts.md §1.2). */
export const PARTITION_INFO: Record<Partition, PartitionInfo> = {
  aws: {
    dnsSuffix: 'amazonaws.com',
    defaultRegion: 'us-east-1',
    regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    signin: 'https://signin.aws.amazon.com/federation',
    console: 'https://console.aws.amazon.com/',
  },
  'aws-cn': {
    dnsSuffix: 'amazonaws.com.cn',
    defaultRegion: 'cn-north-1',
    regionPattern: /^cn-\w+-\d+$/,
    signin: 'https://signin.amazonaws.cn/federation',
    console: 'https://console.amazonaws.cn/',
  },
  'aws-us-gov': {
    dnsSuffix: 'amazonaws.com',
    defaultRegion: 'us-gov-west-1',
    regionPattern: /^us-gov-\w+-\d+$/,
    signin: 'https://signin.amazonaws-us-gov.com/federation',
    console: 'https://console.amazonaws-us-gov.com/',
  },
};

type Endpoints = Pick<AwsConfig, 'region' | 'endpoints'>;

/** aws.region when it belongs to the partition, else the partition's home region. */
export function regionFor(aws: Endpoints, partition: Partition): string {
  const info = PARTITION_INFO[partition];
  return info.regionPattern.test(aws.region) ? aws.region : info.defaultRegion;
}

/** The STS endpoint: aws.endpoints.sts, else the partition's regional endpoint. */
export function stsEndpointFor(aws: Endpoints, partition: Partition): string {
  if (aws.endpoints.sts) return aws.endpoints.sts;
  return `https://sts.${regionFor(aws, partition)}.${PARTITION_INFO[partition].dnsSuffix}`;
}

/** The federation endpoint (getSigninToken and Action=login). */
export function signinEndpointFor(aws: Endpoints, partition: Partition): string {
  return aws.endpoints.signin ?? PARTITION_INFO[partition].signin;
}

/** The console's home page in the partition. */
export function consoleUrlFor(aws: Endpoints, partition: Partition): string {
  return aws.endpoints.console ?? PARTITION_INFO[partition].console;
}
