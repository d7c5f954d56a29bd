// Whether this replica can serve: its configuration is loaded and it is not shutting down, and the
// stores it alone depends on answer (sessions, audit, per-person storage). Identity sources and STS
// are shared by every replica: their state is reported, never counted, so one directory outage does
// not take every replica (and break-glass sign-in) out of the load balancer.
import type { AppContext } from './context.ts';

/** How long one check may take before it counts as not answering. */
const CHECK_TIMEOUT_MS = 1500;

export type CheckResult = { ok: boolean; problem?: string };

export type ReadinessReport = {
  ready: boolean;
  checks: Record<string, CheckResult>;
  identitySources: Record<string, { up: boolean; problem?: string } | { checked: false }>;
  sts: ReturnType<AppContext['issuer']['stsState']>;
};

export type Readiness = {
  /** From now on this replica reports not ready (SIGTERM: drain before stopping). */
  stopServing(): void;
  readonly serving: boolean;
  report(): Promise<ReadinessReport>;
};

async function within(check: () => Promise<unknown>, what: string): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

type ReadinessParts = Pick<AppContext, 'audit' | 'storage' | 'redis' | 'sources' | 'issuer'>;

export function createReadiness(parts: () => ReadinessParts): Readiness {
  let serving = true;
  return {
    stopServing() {
      serving = false;
    },
    get serving() {
      return serving;
    },
    async report() {
      const { audit, storage, redis, sources, issuer } = parts();
      const [sessionStore, auditStore, personStorage, ...sourceStates] = await Promise.all([
        redis
          ? within(async () => {
              if (!redis.isReady) throw new Error('the session store (Redis) is not connected');
              await redis.ping();
            }, 'the session store (Redis)')
          : Promise.resolve({ ok: true }),
        within(() => audit.ping(), 'the audit store'),
        within(() => storage.db.get('SELECT 1 AS ok'), 'per-person storage'),
        ...sources.map(async (source) => (source.health ? ((await within(async () => {
          const health = await source.health!();
          if (!health.up) throw new Error(health.problem ?? 'down');
        }, `identity source ${source.id}`)) satisfies CheckResult) : undefined)),
      ]);
      const checks: Record<string, CheckResult> = {
        config: serving ? { ok: true } : { ok: false, problem: 'shutting down' },
        sessionStore,
        auditStore,
        storage: personStorage,
      };
      const identitySources: ReadinessReport['identitySources'] = {};
      sources.forEach((source, index) => {
        const state = sourceStates[index];
        identitySources[source.id] = state ? { up: state.ok, ...(state.problem ? { problem: state.problem } : {}) } : { checked: false };
      });
      return { ready: Object.values(checks).every((check) => check.ok), checks, identitySources, sts: issuer.stsState() };
    },
  };
}
