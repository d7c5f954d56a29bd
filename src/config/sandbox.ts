// Schema of the `sandbox` section: the offline stand-in for AWS (accounts, IAM users, roles, providers).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
// The policy checkers are pure modules: the config room uses them so a bad policy is reported at load.
import { checkPermissionPolicy } from '../sandbox/permission-policy.ts';
import { checkTrustPolicy } from '../sandbox/trust-policy.ts';
import { formatIssue } from './format-issues.ts';
import { ConfigError } from './load.ts';
import { type LoadContext, duration, secret } from './primitives.ts';
import { caFile, httpsUrl } from './sources/oidc.ts';
import { sandboxSamlProviderSchema } from './sources/saml.ts';

const accountId = z.string({ error: 'expected a 12-digit AWS account id in quotes, such as "111111111111"' }).regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const iamName = z.string().regex(/^[\w+=,.@-]{1,64}$/, 'expected 1-64 letters, digits or _+=,.@-');

export function sandboxSchema(ctx: LoadContext) {
  return z
    .strictObject({
      /** Path under which Roleport serves the sandbox; `false` to not mount it. */
      mount: z.union([z.string().regex(/^\/[A-Za-z0-9/_-]*$/, "expected a path such as '/sandbox'"), z.literal(false)]).default('/sandbox'),
      /** The partition of the ARNs the sandbox issues and accepts. */
      partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).default('aws'),
      accounts: z.array(accountId).min(1, 'list at least one account id'),
      users: z
        .array(z.strictObject({
          name: iamName,
          account: accountId,
          accessKeyId: z.string().regex(/^AKIA[A-Z0-9]{12,124}$/, 'expected an access key id starting with AKIA'),
          secretAccessKey: secret(ctx),
          /** Identity-based policies: what the user may do in IAM (its STS calls are governed by trust policies). */
          policies: z.array(z.record(z.string(), z.unknown())).default([]),
        }))
        .default([]),
      roles: z
        .array(z.strictObject({
          account: accountId,
          name: iamName,
          path: z.string().regex(/^\/(?:[\x21-\x7e]*\/)?$/, "expected a path such as '/' or '/team/'").default('/'),
          maxSessionDuration: duration({ min: 3600, max: 43200 }).default(3600),
          trustPolicy: z.record(z.string(), z.unknown()),
        }))
        .default([]),
      samlProviders: z.array(sandboxSamlProviderSchema(ctx)).default([]),
      oidcProviders: z.array(z.strictObject({ account: accountId, issuer: httpsUrl(), clientIds: z.array(z.string().min(1).max(255)).min(1), ca: caFile(ctx).optional(), thumbprints: z.array(z.string().regex(/^[0-9a-fA-F]{40}$/, 'expected a 40-hex-digit SHA-1 thumbprint')).max(5).optional() })).default([]),
    })
    .superRefine((sandbox, issue) => {
      const accounts = new Set(sandbox.accounts);
      const known = (account: string, path: PropertyKey[]) => {
        if (!accounts.has(account)) issue.addIssue({ code: 'custom', path, message: `account ${account} is not in sandbox.accounts (${[...accounts].join(', ')})`, input: account });
      };
      const keys = new Map<string, number>();
      const users = new Map<string, number>();
      sandbox.users.forEach((user, i) => {
        known(user.account, ['users', i, 'account']);
        if (keys.has(user.accessKeyId)) issue.addIssue({ code: 'custom', path: ['users', i, 'accessKeyId'], message: `access key id is already used by sandbox.users[${keys.get(user.accessKeyId)}]` });
        else keys.set(user.accessKeyId, i);
        const id = `${user.account}/${user.name.toLowerCase()}`;
        if (users.has(id)) issue.addIssue({ code: 'custom', path: ['users', i, 'name'], message: `user '${user.name}' already exists in account ${user.account} (sandbox.users[${users.get(id)}])` });
        else users.set(id, i);
        user.policies.forEach((policy, p) => {
          for (const problem of checkPermissionPolicy(policy)) issue.addIssue({ code: 'custom', path: ['users', i, 'policies', p], message: `invalid policy: ${problem}` });
        });
      });
      sandbox.samlProviders.forEach((provider, i) => known(provider.account, ['samlProviders', i, 'account']));
      sandbox.oidcProviders.forEach((provider, i) => known(provider.account, ['oidcProviders', i, 'account']));
      const roles = new Map<string, number>();
      sandbox.roles.forEach((role, i) => {
        known(role.account, ['roles', i, 'account']);
        const id = `${role.account}/${role.name.toLowerCase()}`;
        if (roles.has(id)) issue.addIssue({ code: 'custom', path: ['roles', i, 'name'], message: `role '${role.name}' already exists in account ${role.account} (sandbox.roles[${roles.get(id)}])` });
        else roles.set(id, i);
        for (const problem of checkTrustPolicy(role.trustPolicy))
          issue.addIssue({ code: 'custom', path: ['roles', i, 'trustPolicy'], message: `invalid trust policy: ${problem}` });
      });
    });
}
export type SandboxConfig = z.infer<ReturnType<typeof sandboxSchema>>;

/** Checks a raw `sandbox:` section (from a file in `baseDir`); throws ConfigError listing every problem. */
export function checkSandboxSection(raw: unknown, options: { env: Record<string, string | undefined>; baseDir: string; file: string }): { sandbox: SandboxConfig; warnings: string[] } {
  const ctx: LoadContext = { env: options.env, baseDir: options.baseDir, warnings: [] };
  const result = sandboxSchema(ctx).safeParse(raw, { reportInput: true });
  if (!result.success)
    throw new ConfigError(options.file, result.error.issues.map((i) => formatIssue({ ...i, path: ['sandbox', ...i.path] } as typeof i)));
  const warnings = [...ctx.warnings];
  result.data.users.forEach((user, i) => {
    if (user.secretAccessKey.from === 'literal') warnings.push(`sandbox.users[${i}].secretAccessKey holds a secret written in the file; use env:NAME or file:PATH instead`);
  });
  return { sandbox: result.data, warnings };
}

/** Reads a YAML file's top-level `sandbox:` section (other sections are ignored) and checks it. */
export function loadSandboxFile(file: string, env: Record<string, string | undefined> = process.env): { sandbox: SandboxConfig; warnings: string[] } {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`]);
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) throw new ConfigError(path, document.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`));
  const raw = document.toJS() as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('sandbox' in raw))
    throw new ConfigError(path, ["sandbox: is required (the file needs a top-level 'sandbox:' section with accounts, users and roles)"]);
  return checkSandboxSection((raw as { sandbox: unknown }).sandbox, { env, baseDir: dirname(path), file: path });
}
