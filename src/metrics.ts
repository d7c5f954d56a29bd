// Roleport's Prometheus metrics (prom-client), in one registry: what the audit sees (sign-ins,
// issuances, refusals), audit write failures, STS and identity source call latency, store deadlines
// missed, and Node's process metrics
// (event-loop lag among them). The README lists every name and label.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const signIns = new Counter({ name: 'roleport_sign_ins_total', help: 'Sign-ins by identity source and outcome (success, refused, error).', labelNames: ['source', 'outcome'] as const, registers: [registry] });
export const issuances = new Counter({ name: 'roleport_issuances_total', help: 'Keys and console sign-ins by kind (credentials, console), issuance method and outcome.', labelNames: ['kind', 'method', 'outcome'] as const, registers: [registry] });
export const auditEvents = new Counter({ name: 'roleport_audit_events_total', help: 'Audit events by name and outcome.', labelNames: ['event', 'outcome'] as const, registers: [registry] });
export const auditWriteFailures = new Counter({ name: 'roleport_audit_write_failures_total', help: 'Audit records the store could not keep (they are in the log).', registers: [registry] });
export const stsCallSeconds = new Histogram({ name: 'roleport_sts_call_duration_seconds', help: 'STS calls by action and outcome (ok, or the error code).', labelNames: ['action', 'outcome'] as const, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });
export const webhookDeliveries = new Counter({ name: 'roleport_webhook_deliveries_total', help: 'Webhook delivery attempts by outcome (delivered, failed: retried later, abandoned: the last attempt failed).', labelNames: ['outcome'] as const, registers: [registry] });
export const loginThrottled = new Counter({ name: 'roleport_login_throttled_total', help: 'Password and second-factor attempts held back by the sign-in throttle, by rule (username-address, username, address).', labelNames: ['rule'] as const, registers: [registry] });
export const storeDeadlinesMissed = new Counter({ name: 'roleport_store_deadline_missed_total', help: 'Times a store (redis, postgres) did not answer within timeouts.store: the connection was dropped and the calls waiting on it failed.', labelNames: ['store'] as const, registers: [registry] });
export const identityCallSeconds = new Histogram({ name: 'roleport_identity_call_duration_seconds', help: 'Calls to identity sources: LDAP bind and search, IdP metadata, discovery, JWKS and token fetches; outcome ok, refused (an answer that says no) or unreachable.', labelNames: ['source', 'operation', 'outcome'] as const, buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });

/** Times `call` into identityCallSeconds; `outcomeOf` names a failure (an answer, or none). */
export async function timeIdentityCall<T>(labels: { source: string; operation: string }, call: () => Promise<T>, outcomeOf: (error: unknown) => 'refused' | 'unreachable'): Promise<T> {
  const end = identityCallSeconds.startTimer(labels);
  try {
    const result = await call();
    end({ outcome: 'ok' });
    return result;
  } catch (error) {
    end({ outcome: outcomeOf(error) });
    throw error;
  }
}

/** What the activity gauges read at a scrape; set by the running app. */
export type ActivityCounts = { browserSessions(): Promise<number>; cliTokens(): Promise<number> };
let activity: ActivityCounts | undefined;

/** The app's counts for the gauges until the returned function is called (a closed app reports none). */
export function reportActivity(counts: ActivityCounts): () => void {
  activity = counts;
  return () => {
    if (activity === counts) activity = undefined;
  };
}

/** A gauge read at each scrape; a count that fails (its store away) leaves the sample out. */
function activityGauge(name: string, help: string, read: (counts: ActivityCounts) => Promise<number>): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.reset();
      if (!activity) return;
      const value = await read(activity).catch(() => undefined);
      if (value !== undefined) this.set(value);
    },
  });
}
activityGauge('roleport_browser_sessions_active', 'Browser sessions in the session store (with Redis: of every replica).', (counts) => counts.browserSessions());
activityGauge('roleport_cli_tokens_active', 'CLI tokens neither expired nor revoked (with Redis: of every replica).', (counts) => counts.cliTokens());
