// Wiring: from a loaded configuration to a ready app and everything it holds open, with one close().
// start.ts adds listen() and signals; tests use this directly.
import type { Express } from 'express';
import { buildAccessPolicy } from './access/index.ts';
import { type Audit, createAudit, openAuditStore, startRetention } from './audit/index.ts';
import { createIssuer } from './aws/index.ts';
import type { LoadedConfig, RoleportConfig } from './config/index.ts';
import { createIdentitySources } from './identity/index.ts';
import { createNotifier } from './notifications/index.ts';
import { openStorage } from './storage/index.ts';
import type { Logger } from './log.ts';
import { checkRunnable } from './checked-config.ts';
import { reportActivity } from './metrics.ts';
import { apiRoutes } from './api/index.ts';
import { type AppContext, createLoginThrottle, createMemoryThrottleStore, createReadiness, createRedisThrottleStore, openBrowserSessions, openCliTokens } from './broker/index.ts';
import { type Drain, type MountedSandbox, buildApp, buildMetricsApp, createDrain, openSessionStore } from './web/index.ts';

function redisPrefix(config: LoadedConfig['config']): string {
  return config.session.store.type === 'redis' ? config.session.store.prefix : '';
}

/** The sandbox (AWS's side of the wire) when the configuration mounts it; it loads only then (it weighs on start-up). */
async function mountedSandbox(config: LoadedConfig['config'], publicUrl: string, clock: () => Date, logger: Logger): Promise<MountedSandbox | undefined> {
  if (!config.sandbox || config.sandbox.mount === false) return undefined;
  const { createSandboxRouter } = await import('./sandbox/index.ts');
  const router = createSandboxRouter({
    config: config.sandbox,
    baseUrl: `${publicUrl}${config.sandbox.mount}`,
    clock,
    onInternalError: (error) => logger.error({ err: error, channel: 'sandbox' }, 'sandbox request failed'),
  });
  return { mount: config.sandbox.mount, router };
}

/**
 * What a reload cannot change: sections, or keys within one (`section.key`). What they open
 * (listeners, pools, stores, the session middleware) lives as long as the process; a new
 * mfa.encryptionKey would leave every enrolled factor unreadable, so only a restart takes it.
 */
export const RESTART_ONLY = ['server', 'session', 'audit', 'storage', 'sandbox', 'log', 'timeouts.store', 'metrics.port', 'metrics.host', 'mfa.encryptionKey'] as const;

/** What a reload did: the sections it changed, those that changed in the file but wait for a restart, and the new file's warnings. */
export type ReloadOutcome = { changed: string[]; needsRestart: string[]; warnings: string[] };

/**
 * `drain`: the requests in flight, for start.ts's graceful shutdown. `reload`: swaps in a new
 * configuration's roles, rules, accounts, identity sources and issuer at once (throws, changing
 * nothing, when they cannot be built).
 */
export type Runtime = {
  app: Express;
  /** metrics.port's app (GET /metrics alone), when a port is configured. */
  metricsApp?: Express;
  ctx: AppContext;
  drain: Drain;
  reload(next: LoadedConfig): ReloadOutcome;
  close(): Promise<void>;
};

/** A retired source or issuer is closed once requests that picked it up before a reload are done with it. */
const RETIRE_AFTER_MS = 120_000;

/** The parts of the context built from the configuration alone, rebuilt by a reload. */
function configParts(config: RoleportConfig, logger: Logger, publicUrl: string, clock: () => Date): Pick<AppContext, 'config' | 'policy' | 'sources' | 'issuer'> {
  const policy = buildAccessPolicy(config);
  const sources = createIdentitySources({ config, logger, publicUrl, clock });
  try {
    return { config, policy, sources, issuer: createIssuer({ config, logger, publicUrl }) };
  } catch (error) {
    void Promise.allSettled(sources.map((source) => source.close?.()));
    throw error;
  }
}

/** The new file's sections, except those a reload cannot change: those keep their running values. */
function mergeForReload(running: RoleportConfig, next: RoleportConfig): { config: RoleportConfig; changed: string[]; needsRestart: string[] } {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const config = { ...next } as unknown as Record<string, Record<string, unknown> | undefined>;
  const was = running as unknown as Record<string, Record<string, unknown> | undefined>;
  const needsRestart: string[] = [];
  for (const path of RESTART_ONLY) {
    const [section, key] = path.split('.');
    const [before, after] = key ? [was[section]?.[key], config[section]?.[key]] : [was[section], config[section]];
    if (!same(before, after)) needsRestart.push(path);
    if (!key) config[section] = was[section];
    else config[section] = { ...config[section], [key]: before };
  }
  const sections = [...new Set([...Object.keys(running), ...Object.keys(next)])];
  const changed = sections.filter((section) => !same(was[section], config[section]));
  return { config: config as unknown as RoleportConfig, changed, needsRestart };
}

export async function createRuntime(loaded: LoadedConfig, options: { logger: Logger; clock?: () => Date; audit?: Audit }): Promise<Runtime> {
  const { config } = loaded;
  const { logger } = options;
  const publicUrl = (config.server.publicUrl ?? `http://localhost:${config.server.port}`).replace(/\/$/, '');
  const storage = await openStorage(config.storage, config.timeouts.store * 1000);
  const clock = options.clock ?? (() => new Date());
  const auditStore = options.audit ? undefined : await openAuditStore(config.audit, config.timeouts.store * 1000);
  // Audit records carry the app's time, so a test's clock places them.
  const audit = options.audit ?? createAudit({ logger, store: auditStore, clock });
  const retention = startRetention({ store: auditStore, retentionSeconds: config.audit.retention, checkpointKey: config.audit.checkpointKey?.value, logger, clock });
  const sessions = await openSessionStore(config.session, logger, config.timeouts.store * 1000);
  const drain = createDrain();
  const sandbox = await mountedSandbox(config, publicUrl, clock, logger);
  const ctx: AppContext = {
    ...configParts(config, logger, publicUrl, clock),
    logger,
    audit,
    demo: loaded.demo,
    publicUrl,
    clock,
    storage,
    // Read at each pass, so a reload's webhook settings apply to what is still waiting.
    notifier: createNotifier({ outbox: storage.webhookOutbox, webhook: () => ctx.config.notifications.webhook, clock, logger }),
    readiness: createReadiness(() => ctx),
    sessionStore: sessions.store,
    redis: sessions.redis,
    // With Redis, failed sign-ins count across every replica.
    loginThrottle: createLoginThrottle(config.login.throttle, sessions.redis ? createRedisThrottleStore(sessions.redis, redisPrefix(config)) : createMemoryThrottleStore(), clock),
    cliTokens: openCliTokens({ redis: sessions.redis, prefix: redisPrefix(config), clock }),
    browserSessions: openBrowserSessions({ store: sessions.store, redis: sessions.redis, prefix: redisPrefix(config), clock, idleSeconds: config.session.idleTimeout, absoluteSeconds: config.session.absoluteTimeout }),
  };
  ctx.notifier.start();
  const stopReporting = reportActivity({
    browserSessions: () => new Promise((resolve, reject) => (ctx.sessionStore?.length ? ctx.sessionStore.length((error, length) => (error ? reject(error) : resolve(length ?? 0))) : resolve(0))),
    cliTokens: () => ctx.cliTokens.countLive(),
  });
  const retired = new Set<() => Promise<unknown>>();
  const closeParts = (parts: Pick<AppContext, 'sources' | 'issuer'>) => Promise.allSettled([...parts.sources.map((source) => source.close?.()), parts.issuer.close()]);
  return {
    app: buildApp(ctx, [apiRoutes], drain, sandbox),
    metricsApp: config.metrics.port === undefined ? undefined : buildMetricsApp(ctx),
    drain,
    ctx,
    reload(next) {
      const { config: merged, changed, needsRestart } = mergeForReload(ctx.config, next.config);
      const { warnings } = checkRunnable({ ...next, config: merged, warnings: [...next.warnings] });
      const parts = configParts(merged, logger, publicUrl, clock);
      const old = { sources: ctx.sources, issuer: ctx.issuer };
      // One synchronous assignment: a request sees the old parts or the new ones, never a mix.
      Object.assign(ctx, parts);
      let closing: Promise<unknown> | undefined;
      const close = () => {
        retired.delete(close);
        return (closing ??= closeParts(old));
      };
      retired.add(close);
      setTimeout(close, RETIRE_AFTER_MS).unref();
      return { changed, needsRestart, warnings };
    },
    async close() {
      stopReporting();
      retention.stop();
      await ctx.notifier.stop();
      await Promise.allSettled([...[...retired].map((close) => close()), closeParts(ctx), sessions.close()]);
      await audit.close();
      await storage.close();
    },
  };
}
