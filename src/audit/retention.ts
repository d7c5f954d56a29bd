// audit.retention: at start and then hourly, rows older than the retention are removed and a signed
// checkpoint stands in for them. Every replica may run it: cuts take the store's append lock.
import type { Logger } from '../log.ts';
import type { AuditStore, PruneResult } from './audit.ts';

const EVERY_MS = 60 * 60 * 1000;

/** `firstCut`: the cut made at start; `runOnce`: another cut now. */
export type Retention = { firstCut: Promise<PruneResult | undefined>; runOnce(): Promise<PruneResult | undefined>; stop(): void };

export function startRetention(options: { store: AuditStore | undefined; retentionSeconds: number | undefined; checkpointKey: string | undefined; logger: Logger; clock: () => Date }): Retention {
  const { store, retentionSeconds, checkpointKey, logger, clock } = options;
  const log = logger.child({ channel: 'audit' });
  const runOnce = async () => {
    if (!store?.prune || retentionSeconds === undefined || !checkpointKey) return undefined;
    const now = clock();
    try {
      const result = await store.prune(new Date(now.getTime() - retentionSeconds * 1000), checkpointKey, now);
      if (result.checkpoint) log.info({ removed: result.removed, checkpointSeq: result.checkpoint.seq, cutBefore: result.checkpoint.cutBefore }, `audit retention removed ${result.removed} rows up to row ${result.checkpoint.seq}; a signed checkpoint keeps the chain verifiable`);
      return result;
    } catch (error) {
      log.error({ err: error }, 'audit retention could not prune old rows; it tries again in an hour');
      return undefined;
    }
  };
  if (!store?.prune || retentionSeconds === undefined) return { firstCut: Promise.resolve(undefined), runOnce, stop() {} };
  const timer = setInterval(() => void runOnce(), EVERY_MS);
  timer.unref();
  return { firstCut: runOnce(), runOnce, stop: () => clearInterval(timer) };
}
