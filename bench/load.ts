// A closed-loop load driver: `concurrency` callers repeat one request until a count or a time limit
// is reached, whichever comes first; the CPU of the process under test is read around the run.
import { performance } from 'node:perf_hooks';
import { cpuMs } from './proc.ts';

export type Limits = { requests: number; ms: number; concurrency: number };

export type Sample = {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU milliseconds per request of the measured process. */
  cpuPerRequest: number;
};

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

/** Summarises latencies (ms), elapsed time and CPU used into a Sample. */
export function summarise(latencies: number[], seconds: number, cpuUsedMs: number): Sample {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    cpuPerRequest: cpuUsedMs / Math.max(1, sorted.length),
  };
}

/** Runs `once` under the limits (given the caller's number); `pid` is the process whose CPU is counted. */
export async function drive(once: (caller: number) => Promise<void>, limits: Limits, pid: number): Promise<Sample> {
  const latencies: number[] = [];
  let started = 0;
  const deadline = performance.now() + limits.ms;
  const cpuBefore = cpuMs(pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: limits.concurrency }, async (_, caller) => {
      while (started < limits.requests && performance.now() < deadline) {
        started++;
        const begin = performance.now();
        await once(caller);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return summarise(latencies, seconds, cpuMs(pid) - cpuBefore);
}
