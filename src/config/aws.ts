// Schema of the `aws`, `accounts` and `roles` sections: where STS is, and which roles exist.
import { z } from 'zod';
import { MFA_SESSION_TAG_KEYS, mfaRequirement } from './mfa.ts';
import { type LoadContext, duration, httpUrl, secret, slug } from './primitives.ts';

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = (typeof PARTITIONS)[number];
export const ROLE_METHODS = ['assume-role', 'federation-token', 'web-identity'] as const;
export type RoleMethod = (typeof ROLE_METHODS)[number] | 'saml';

const awsRegion = () => z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as 'us-east-1'");

export function awsSchema(ctx: LoadContext) {
  return z.strictObject({
    partition: z.enum(PARTITIONS).default('aws'),
    region: awsRegion().default('us-east-1'),
    /** Roleport's own AWS credentials: the SDK provider chain, keys, or a sandbox IAM user. */
    credentials: z
      .union([
        z.literal('default'),
        z.strictObject({ accessKeyId: secret(ctx), secretAccessKey: secret(ctx), sessionToken: secret(ctx).optional() }),
        z.strictObject({ sandboxUser: z.string().min(1) }),
      ], { error: "expected 'default', { accessKeyId, secretAccessKey } or { sandboxUser }" })
      .default('default'),
    endpoints: z
      .strictObject({ sts: httpUrl().optional(), iam: httpUrl().optional(), signin: httpUrl().optional(), console: httpUrl().optional(), logout: httpUrl().optional() })
      .default({}),
    /** Send the browser through the console's logout before each sign-in, so switching accounts works. */
    consoleLogout: z.boolean().default(true),
    /** Console URLs a sign-in may land on; the partition's console when not given. */
    consoleDestinations: z.array(httpUrl()).min(1).optional(),
    /** How long Roleport waits for STS before telling the user it is unreachable. */
    stsTimeout: duration({ min: 1, max: 60 }).default(5),
  });
}
export type AwsConfig = z.infer<ReturnType<typeof awsSchema>>;

export function accountSchema(ctx: LoadContext) {
  return z.strictObject({
    id: z.string({ error: "expected a 12-digit account id in quotes, e.g. \"111122223333\"" }).regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
    name: slug(),
    description: z.string().optional(),
    color: z.string().regex(/^(#[0-9a-fA-F]{6}|red|orange|yellow|green|blue|purple|gray)$/, 'expected red, orange, yellow, green, blue, purple, gray or #rrggbb').optional(),
    partition: z.enum(PARTITIONS).optional(),
    /** Sent as ExternalId with every AssumeRole into this account, unless the role has its own. */
    externalId: secret(ctx).optional(),
    /** Every role of this account needs a second factor. */
    mfa: mfaRequirement(),
    /**
     * A role of this account Roleport assumes to call IAM there (IAM acts on the caller's own account):
     * revoking the sessions of the account's roles. Not needed for Roleport's own account.
     */
    revocationRole: z.string().regex(/^(\/[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/, "expected an IAM role name, with its path when not '/' (e.g. RoleportRevocation or /ops/RoleportRevocation)").optional(),
  });
}
export type AccountConfig = z.infer<ReturnType<typeof accountSchema>>;

const tagTemplate = z.string().max(256);

export function roleSchema(ctx: LoadContext) {
  return z.strictObject({
    account: z.string().min(1),
    name: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name: 1-64 of letters, digits and + = , . @ _ -'),
    path: z.string().regex(/^\/([\x21-\x7e]*\/)?$/, "expected an IAM path that starts and ends with '/'").default('/'),
    description: z.string().max(200).optional(),
    method: z.enum(ROLE_METHODS).default('assume-role'),
    maxDuration: duration({ min: 900, max: 129600 }).default(3600),
    externalId: secret(ctx).optional(),
    sourceIdentity: z.boolean().default(false),
    /** Session tags; values may name identity fields: {username}, {email}, {attributes.department}. */
    sessionTags: z.record(z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, 'expected a tag key of 1-128 letters, digits, spaces and _ . : / = + - @'), tagTemplate).default({}),
    transitiveTagKeys: z.array(z.string()).optional(),
    /** Inline session policy (JSON text or an object). */
    policy: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    policyArns: z.array(z.string().regex(/^arn:aws[\w-]*:iam::(aws|\d{12}):policy\/.+$/, 'expected a managed policy ARN')).max(10).optional(),
    /** The region AWS tools use with this role's keys; aws.region (or the partition's home region) when not given. */
    region: awsRegion().optional(),
    /** Where the console opens for this role; must be in aws.consoleDestinations. */
    consoleDestination: httpUrl().optional(),
    /** The role needs a second factor, whoever is granted it. */
    mfa: mfaRequirement(),
    /** Every issuance of the role (keys and console, from every door) is posted to notifications.webhook. */
    notify: z.boolean().default(false),
  }).superRefine((role, issue) => {
    for (const key of Object.keys(role.sessionTags)) {
      if ((MFA_SESSION_TAG_KEYS as readonly string[]).includes(key.toLowerCase()))
        issue.addIssue({ code: 'custom', path: ['sessionTags', key], message: `'${key}' is a session tag only Roleport sets (${MFA_SESSION_TAG_KEYS.join(', ')}, on sessions of roles that need MFA); choose another key` });
    }
    if (role.method !== 'federation-token' && role.maxDuration > 43200)
      issue.addIssue({ code: 'custom', path: ['maxDuration'], message: 'must be at most 12h for assume-role and web-identity roles' });
  });
}
export type RoleConfig = z.infer<ReturnType<typeof roleSchema>>;
