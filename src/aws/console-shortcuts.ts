// Console shortcuts: `?destination=s3` opens the S3 console. Paths are relative to the console's
// home (the role's consoleDestination, else the first aws.consoleDestinations entry), so the same
// shortcut works in every partition and in the sandbox.

export const CONSOLE_SHORTCUTS: Record<string, string> = {
  home: 'console/home',
  billing: 'billing/home',
  cloudformation: 'cloudformation/home',
  cloudtrail: 'cloudtrail/home',
  cloudwatch: 'cloudwatch/home',
  dynamodb: 'dynamodbv2/home',
  ec2: 'ec2/home',
  ecr: 'ecr/home',
  ecs: 'ecs/home',
  eks: 'eks/home',
  iam: 'iam/home',
  kms: 'kms/home',
  lambda: 'lambda/home',
  rds: 'rds/home',
  route53: 'route53/v2/home',
  s3: 's3/home',
  secretsmanager: 'secretsmanager/home',
  sns: 'sns/home',
  sqs: 'sqs/home',
  ssm: 'systems-manager/home',
  vpc: 'vpc/home',
};

export function isConsoleShortcut(value: string): boolean {
  return Object.hasOwn(CONSOLE_SHORTCUTS, value);
}
