// STS clients: one per endpoint (and Roleport's credentials), kept alive, standard retries, and every
// call bounded by aws.stsTimeout so an unreachable STS answers the person in time.
import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsConfig, Partition } from '../config/index.ts';
import type { BrokerCredentials, BrokerKeys } from './broker-credentials.ts';
import { stsCallSeconds } from '../metrics.ts';
import { regionFor, stsEndpointFor } from './partitions.ts';
import { type StsCallContext, mapStsError } from './sts-errors.ts';

export type StsSend<T> = (client: STSClient, options: { abortSignal: AbortSignal }) => Promise<T>;

export type StsClients = {
  endpointFor(partition: Partition): string;
  /** Runs one STS call on the partition's endpoint; a failure becomes a RoleportError. */
  call<T>(partition: Partition, context: Omit<StsCallContext, 'endpoint' | 'timeoutSeconds'>, send: StsSend<T>): Promise<T>;
  /** Whether Roleport's own credentials are temporary (they carry a session token). */
  brokerIsTemporary(partition: Partition, context: Omit<StsCallContext, 'endpoint' | 'timeoutSeconds'>): Promise<boolean>;
  /** How the last call went, for /readyz's body: STS is shared by every replica, so never readiness. */
  state(): StsState;
  close(): void;
};

/**
 * Steps of the SDK's stack that do nothing for Roleport on each call: loop detection for code run
 * inside AWS Lambda, logging to a logger Roleport does not give the SDK, and the SDK's user-agent
 * string, which STS does not need. Serialising, signing, retries and parsing stay the SDK's own.
 */
const UNNEEDED_MIDDLEWARE = ['recursionDetectionMiddleware', 'loggerMiddleware', 'getUserAgentMiddleware'];

/** The SDK settings of an STS client: standard retries, keep-alive, every attempt bounded (the benchmark's direct client uses them too). */
export function stsClientSettings(options: { region: string; endpoint: string; credentials: BrokerKeys | undefined; timeoutMs: number }): STSClientConfig {
  const { timeoutMs } = options;
  return {
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      throwOnRequestTimeout: true,
      httpAgent: { keepAlive: true, maxSockets: 50 },
      httpsAgent: { keepAlive: true, maxSockets: 50 },
    },
  };
}

export type StsState = { lastCall?: { at: string; ok: boolean; code?: string } };

export function createStsClients(options: { aws: AwsConfig; broker: BrokerCredentials }): StsClients {
  const { aws, broker } = options;
  const timeoutMs = aws.stsTimeout * 1000;
  const clients = new Map<string, STSClient>();
  let lastCall: StsState['lastCall'];

  const clientFor = (partition: Partition): STSClient => {
    const endpoint = stsEndpointFor(aws, partition);
    const region = regionFor(aws, partition);
    const key = `${endpoint} ${region}`;
    let client = clients.get(key);
    if (!client) {
      client = new STSClient(stsClientSettings({ region, endpoint, credentials: broker.keys, timeoutMs }));
      for (const name of UNNEEDED_MIDDLEWARE) client.middlewareStack.remove(name);
      clients.set(key, client);
    }
    return client;
  };

  const contextFor = (partition: Partition, context: Omit<StsCallContext, 'endpoint' | 'timeoutSeconds'>): StsCallContext => ({
    ...context,
    endpoint: stsEndpointFor(aws, partition),
    timeoutSeconds: aws.stsTimeout,
  });

  return {
    endpointFor: (partition) => stsEndpointFor(aws, partition),
    async call(partition, context, send) {
      const client = clientFor(partition);
      // The handler's timeouts bound each attempt; this bounds all attempts together. Cleared when the
      // call ends: AbortSignal.timeout would keep a timer and a weak reference per call for the whole timeout.
      const deadline = new AbortController();
      const abortSignal = deadline.signal;
      const deadlineTimer = setTimeout(() => deadline.abort(new DOMException('The operation timed out.', 'TimeoutError')), timeoutMs);
      const timer = stsCallSeconds.startTimer({ action: context.action });
      try {
        const answer = await send(client, { abortSignal });
        timer({ outcome: 'ok' });
        lastCall = { at: new Date().toISOString(), ok: true };
        return answer;
      } catch (error) {
        const mapped = mapStsError(abortSignal.aborted ? Object.assign(new Error('timed out'), { name: 'TimeoutError', cause: error }) : error, contextFor(partition, context));
        // A refusal (a trust policy, a bad token) is STS working; an outage or a timeout is not.
        lastCall = { at: new Date().toISOString(), ok: mapped.status < 503, code: mapped.code };
        timer({ outcome: mapped.code });
        throw mapped;
      } finally {
        clearTimeout(deadlineTimer);
      }
    },
    async brokerIsTemporary(partition, context) {
      if (broker.keys) return Boolean(broker.keys.sessionToken);
      try {
        const identity = await clientFor(partition).config.credentials();
        return Boolean(identity.sessionToken);
      } catch (error) {
        throw mapStsError(error, contextFor(partition, context));
      }
    },
    state: () => ({ lastCall }),
    close() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
    },
  };
}
