// Wiring: from a loaded configuration to a ready app and everything it holds open, with one close().
// main.ts adds listen() and signals; tests use this directly.
import type { Express } from 'express';
import { buildAccessPolicy } from './access/index.ts';
import { type Audit, createAudit, openAuditStore, startRetention } from './audit/index.ts';
import { createIssuer } from './aws/index.ts';
import type { LoadedConfig } from './config/index.ts';
import { createIdentitySources } from './identity/index.ts';
import { openStorage } from './storage/index.ts';
import type { Logger } from './log.ts';
import { apiRoutes } from './api/index.ts';
import { type AppContext, createLoginThrottle, createMemoryThrottleStore, createReadiness, createRedisThrottleStore, openBrowserSessions, openCliTokens } from './broker/index.ts';
import { type Drain, buildApp, createDrain, openSessionStore } from './web/index.ts';

function redisPrefix(config: LoadedConfig['config']): string {
  return config.session.store.type === 'redis' ? config.session.store.prefix : '';
}

/** `drain`: the requests in flight, for main.ts's graceful shutdown. */
export type Runtime = { app: Express; ctx: AppContext; drain: Drain; close(): Promise<void> };

export async function createRuntime(loaded: LoadedConfig, options: { logger: Logger; clock?: () => Date; audit?: Audit }): Promise<Runtime> {
  const { config } = loaded;
  const { logger } = options;
  const publicUrl = (config.server.publicUrl ?? `http://localhost:${config.server.port}`).replace(/\/$/, '');
  const storage = await openStorage(config.storage);
  const clock = options.clock ?? (() => new Date());
  const auditStore = options.audit ? undefined : await openAuditStore(config.audit);
  // Audit records carry the app's time, so a test's clock places them.
  const audit = options.audit ?? createAudit({ logger, store: auditStore, clock });
  const retention = startRetention({ store: auditStore, retentionSeconds: config.audit.retention, checkpointKey: config.audit.checkpointKey?.value, logger, clock });
  const sessions = await openSessionStore(config.session, logger);
  const sources = createIdentitySources({ config, logger, publicUrl });
  const issuer = createIssuer({ config, logger, publicUrl });
  const drain = createDrain();
  const ctx: AppContext = {
    config,
    logger,
    audit,
    policy: buildAccessPolicy(config),
    sources,
    issuer,
    demo: loaded.demo,
    publicUrl,
    clock,
    storage,
    readiness: createReadiness(() => ctx),
    sessionStore: sessions.store,
    redis: sessions.redis,
    // With Redis, failed sign-ins count across every replica.
    loginThrottle: createLoginThrottle(config.login.throttle, sessions.redis ? createRedisThrottleStore(sessions.redis, redisPrefix(config)) : createMemoryThrottleStore(), clock),
    cliTokens: openCliTokens({ redis: sessions.redis, prefix: redisPrefix(config), clock }),
    browserSessions: openBrowserSessions({ store: sessions.store, redis: sessions.redis, prefix: redisPrefix(config), clock, idleSeconds: config.session.idleTimeout, absoluteSeconds: config.session.absoluteTimeout }),
  };
  return {
    app: buildApp(ctx, [apiRoutes], drain),
    drain,
    ctx,
    async close() {
      retention.stop();
      await Promise.allSettled([...sources.map((source) => source.close?.()), issuer.close(), sessions.close()]);
      await audit.close();
      await storage.close();
    },
  };
}
