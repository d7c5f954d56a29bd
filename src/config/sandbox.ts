// Schema of the `sandbox` section: the offline stand-in for AWS (accounts, IAM users, roles, providers).
import { z } from 'zod';
import { type LoadContext, duration, secret } from './primitives.ts';
import { caFile, httpsUrl } from './sources/oidc.ts';

const accountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');

export function sandboxSchema(ctx: LoadContext) {
  return z.strictObject({
    /** Path under which Roleport serves the sandbox; `false` to not mount it. */
    mount: z.union([z.string().regex(/^\/[A-Za-z0-9/_-]*$/, "expected a path such as '/sandbox'"), z.literal(false)]).default('/sandbox'),
    accounts: z.array(accountId).min(1),
    users: z
      .array(z.strictObject({
        name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
        account: accountId,
        accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{12,124}$/, 'expected an access key id starting with AKIA'),
        secretAccessKey: secret(ctx),
      }))
      .default([]),
    roles: z
      .array(z.strictObject({
        account: accountId,
        name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
        path: z.string().default('/'),
        maxSessionDuration: duration({ min: 3600, max: 43200 }).default(3600),
        trustPolicy: z.record(z.string(), z.unknown()),
      }))
      .default([]),
    samlProviders: z.array(z.looseObject({ account: accountId, name: z.string() })).default([]),
    oidcProviders: z.array(z.strictObject({ account: accountId, issuer: httpsUrl(), clientIds: z.array(z.string().min(1).max(255)).min(1), ca: caFile(ctx).optional(), thumbprints: z.array(z.string().regex(/^[0-9a-fA-F]{40}$/, 'expected a 40-hex-digit SHA-1 thumbprint')).max(5).optional() })).default([]),
  });
}
export type SandboxConfig = z.infer<ReturnType<typeof sandboxSchema>>;
