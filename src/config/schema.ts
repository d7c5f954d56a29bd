// The whole configuration file: one strict schema, every section in its own file.
import { z } from 'zod';
import { asciiLowerCase } from '../ascii-case.ts';
import { adminSchema } from './admin.ts';
import { loginSchema } from './login.ts';
import { accountSchema, awsSchema, roleSchema } from './aws.ts';
import { mfaSchema, webauthnProblem, webauthnRelyingParty } from './mfa.ts';
import { notificationsSchema } from './notifications.ts';
import { type LoadContext, duration, filePath, httpUrl, secret } from './primitives.ts';
import { ruleSchema } from './rules.ts';
import { sandboxSchema } from './sandbox.ts';
import { cookieNameProblem, sessionCookieName } from './session-cookie.ts';
import { identitySourceSchema } from './sources/index.ts';
import { storageSchema } from './storage.ts';

function serverSchema() {
  return z.strictObject({
    /** The URL people use to reach Roleport: callbacks, the console's Issuer, links. */
    publicUrl: httpUrl().optional(),
    port: z.number().int().min(1).max(65535).default(3000),
    host: z.string().min(1).default('127.0.0.1'),
    /** Express 'trust proxy': false, true, a hop count, or addresses. */
    trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string()]).default(false),
    /** SIGTERM: how long requests in flight may take before they are answered 503 "shutting down". */
    shutdownGrace: duration({ min: 1, max: 600 }).default(20),
  });
}

function sessionSchema(ctx: LoadContext) {
  return z.strictObject({
    secret: secret(ctx),
    idleTimeout: duration({ min: 60, max: 7 * 86400 }).default(1800),
    absoluteTimeout: duration({ min: 300, max: 30 * 86400 }).default(12 * 3600),
    /** An identity its source vouched for longer ago than this is looked up there again before an issuance. */
    recheckAfter: duration({ min: 60, max: 30 * 86400 }).default(900),
    /** Default: `__Host-roleport.sid` when server.publicUrl is https, else `roleport.sid`. */
    cookieName: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
    store: z
      .discriminatedUnion('type', [
        z.strictObject({ type: z.literal('memory') }),
        z.strictObject({ type: z.literal('redis'), url: secret(ctx), prefix: z.string().default('roleport:') }),
      ], { error: (issue) => (issue.code === 'invalid_union' ? "'type' must be one of memory | redis" : undefined) })
      .default({ type: 'memory' }),
  });
}

function auditSchema(ctx: LoadContext) {
  return z.strictObject({
    store: z
      .discriminatedUnion('type', [
        z.strictObject({ type: z.literal('log') }),
        z.strictObject({ type: z.literal('sqlite'), path: filePath(ctx) }),
        z.strictObject({ type: z.literal('postgres'), url: secret(ctx), table: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('roleport_audit') }),
      ], { error: (issue) => (issue.code === 'invalid_union' ? "'type' must be one of log | sqlite | postgres" : undefined) })
      .default({ type: 'log' }),
    /** Rows older than this are removed (at start, then hourly), leaving a signed checkpoint. Off when unset. */
    retention: duration({ min: 86400 }).optional(),
    /** HMAC key that signs retention checkpoints, so `audit verify` still holds after a cut. */
    checkpointKey: secret(ctx).optional(),
  }).superRefine((audit, issue) => {
    if (audit.retention === undefined) return;
    if (audit.store.type === 'log') issue.addIssue({ code: 'custom', path: ['retention'], message: 'needs a store that keeps rows (sqlite or postgres); the log store has nothing to prune', input: undefined });
    if (!audit.checkpointKey) issue.addIssue({ code: 'custom', path: ['checkpointKey'], message: 'is required with audit.retention: it signs the checkpoint each cut leaves (env:NAME or file:PATH, 32 or more characters)', input: undefined });
    else if (audit.checkpointKey.value.length < 32) issue.addIssue({ code: 'custom', path: ['checkpointKey'], message: 'must be at least 32 characters long', input: '(secret)' });
  });
}

/**
 * Refuses names that differ only in case: IAM compares role names ignoring case, and Roleport's
 * links (`/console/prod/admin`) do too, so such a pair could not be told apart.
 */
function sameButCase<T>(items: T[], name: (item: T) => string, path: string, what: string, issue: z.RefinementCtx): void {
  const seen = new Map<string, { index: number; name: string }>();
  items.forEach((item, index) => {
    const written = name(item);
    const earlier = seen.get(asciiLowerCase(written));
    if (earlier && earlier.name !== written)
      issue.addIssue({ code: 'custom', path: [path, index], message: `${what} '${written}' differs only in case from '${earlier.name}' (${path}[${earlier.index}]); names are compared ignoring case, as IAM does`, input: written });
    else if (!earlier) seen.set(asciiLowerCase(written), { index, name: written });
  });
}

export function configSchema(ctx: LoadContext) {
  return z
    .strictObject({
      server: serverSchema().default({ port: 3000, host: '127.0.0.1', trustProxy: false, shutdownGrace: 20 }),
      session: sessionSchema(ctx),
      audit: auditSchema(ctx).default({ store: { type: 'log' } }),
      /** `operation`: the most a password sign-in may take, whatever the directory does meanwhile. */
      /**
       * GET /metrics (Prometheus): on the main port loopback callers only, unless a bearer token is
       * set; `port` serves it alone to the internal network (on `host`), the token still required if set.
       */
      metrics: z
        .strictObject({
          enabled: z.boolean().default(true),
          token: secret(ctx).optional(),
          port: z.number({ error: 'expected a port number' }).int().min(1, 'expected a port from 1 to 65535').max(65535, 'expected a port from 1 to 65535').optional(),
          host: z.string().min(1).default('0.0.0.0'),
        })
        .default({ enabled: true, host: '0.0.0.0' }),
      /** `store`: the most a Redis or PostgreSQL call may take, even when the peer hangs rather than refuses. */
      timeouts: z.strictObject({ operation: duration({ min: 1, max: 120 }).default(10), store: duration({ min: 1, max: 60 }).default(2) }).default({ operation: 10, store: 2 }),
      log: z
        .strictObject({
          level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
          access: z
            .strictObject({
              /** `folded`: a request that wrote an audit event gets that one line, not an access line too. */
              audited: z.enum(['folded', 'separate']).default('folded'),
              /** Share of the other successful requests that get an access line; failures always do. */
              sample: z.number().min(0).max(1).default(1),
            })
            .default({ audited: 'folded', sample: 1 }),
        })
        .default({ level: 'info', access: { audited: 'folded', sample: 1 } }),
      identity: z.array(identitySourceSchema(ctx)).min(1, 'list at least one identity source'),
      aws: awsSchema(ctx).default(() => awsSchema(ctx).parse({})),
      accounts: z.array(accountSchema(ctx)).default([]),
      roles: z.array(roleSchema(ctx)).default([]),
      rules: z.array(ruleSchema).default([]),
      sandbox: sandboxSchema(ctx).optional(),
      storage: storageSchema(ctx),
      mfa: mfaSchema(ctx).default(() => mfaSchema(ctx).parse({})),
      admin: adminSchema.default({ groups: [] }),
      login: loginSchema.prefault({}),
      notifications: notificationsSchema(ctx).default({}),
    })
    .superRefine((config, issue) => {
      const unique = <T>(items: T[], key: (item: T) => string, path: string, what: string) => {
        const seen = new Map<string, number>();
        items.forEach((item, index) => {
          const k = key(item);
          if (seen.has(k)) issue.addIssue({ code: 'custom', path: [path, index], message: `${what} '${k}' is already used by ${path}[${seen.get(k)}]` });
          else seen.set(k, index);
        });
      };
      unique(config.identity, (s) => String(s.id), 'identity', 'id');
      unique(config.accounts, (a) => a.name, 'accounts', 'name');
      unique(config.accounts, (a) => a.id, 'accounts', 'id');
      unique(config.roles, (r) => `${r.account}/${r.name}`, 'roles', 'role');
      sameButCase(config.accounts, (a) => a.name, 'accounts', 'account name', issue);
      sameButCase(config.roles, (r) => `${r.account}/${r.name}`, 'roles', 'role', issue);
      const accountNames = new Set(config.accounts.map((a) => a.name));
      config.roles.forEach((role, index) => {
        if (!accountNames.has(role.account))
          issue.addIssue({ code: 'custom', path: ['roles', index, 'account'], message: `no account is named '${role.account}'; accounts: ${[...accountNames].join(', ') || '(none)'}`, input: role.account });
      });
      if (!config.notifications.webhook)
        config.roles.forEach((role, index) => {
          if (role.notify) issue.addIssue({ code: 'custom', path: ['roles', index, 'notify'], message: `role '${role.account}/${role.name}' says notify: true, but notifications.webhook is not set, so nothing would be sent`, input: true });
        });
      if (config.roles.some((role) => role.method === 'web-identity') && !config.identity.some((source) => source.type === 'oidc'))
        ctx.warnings.push("roles with method 'web-identity' need a person signed in through an 'oidc' identity source, and none is configured: nobody can use them");
      if (config.mfa.encryptionKey) {
        const problem = webauthnProblem(webauthnRelyingParty(config.mfa, config.server.publicUrl ?? `http://localhost:${config.server.port}`));
        if (problem) ctx.warnings.push(`passkeys cannot be enrolled: ${problem}`);
      }
      const mfaAnywhere = config.accounts.some((a) => a.mfa) || config.rules.some((r) => r.mfa);
      if ((mfaAnywhere || config.roles.some((r) => r.mfa)) && !config.mfa.encryptionKey) {
        const idpMfa = config.identity.some((s) => (s.type === 'saml' && s.mfa.authnContexts.length > 0) || (s.type === 'oidc' && (s.mfa.amr.length > 0 || s.mfa.acr.length > 0)));
        const problem = "some roles need a second factor (mfa: required), but mfa.encryptionKey is not set, so nobody can set up a factor of Roleport's";
        // With an identity provider that reports MFA, its people still get in; everyone else is stuck.
        if (idpMfa) ctx.warnings.push(`${problem}: only sign-ins whose identity provider reports a second factor can open them`);
        else issue.addIssue({ code: 'custom', path: ['mfa', 'encryptionKey'], message: `${problem} and no identity source reports one: set mfa.encryptionKey (env:NAME or file:PATH; for example: openssl rand -base64 32)` });
      }
      for (const source of config.identity)
        if (source.type === 'saml' && source.awsFederation && mfaAnywhere)
          ctx.warnings.push(`identity source '${source.id}' signs in with AssumeRoleWithSAML, which takes no session tags from Roleport: for its roles that need MFA, trust policies cannot check aws:RequestTag/mfa and Roleport's step-up alone guards them`);
      const cookieProblem = cookieNameProblem(config.session.cookieName, config.server.publicUrl);
      if (cookieProblem) issue.addIssue({ code: 'custom', path: ['session', 'cookieName'], message: cookieProblem, input: config.session.cookieName });
      const credentials = config.aws.credentials;
      if (typeof credentials === 'object' && 'sandboxUser' in credentials) {
        const users = config.sandbox?.users.map((u) => u.name) ?? [];
        if (!users.includes(credentials.sandboxUser))
          issue.addIssue({ code: 'custom', path: ['aws', 'credentials', 'sandboxUser'], message: `no sandbox user is named '${credentials.sandboxUser}'; sandbox.users: ${users.join(', ') || '(none)'}`, input: credentials.sandboxUser });
      }
    })
    .transform((config) => ({ ...config, session: { ...config.session, cookieName: sessionCookieName(config.session.cookieName, config.server.publicUrl) } }));
}

export type RoleportConfig = z.infer<ReturnType<typeof configSchema>>;
