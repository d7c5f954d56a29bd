// Where the sign-in throttle keeps its counts: in memory for one process, or in Redis so that every
// replica counts together (throttle-redis.ts). Each `admit` decides and counts in one step.
import { type Hold, type RuleState, type ThrottleRule, admitOnState, currentState, holdOf } from './throttle-rules.ts';

export type RuleKey = { key: string; rule: ThrottleRule };

export type ThrottleStore = {
  /**
   * One attempt at `now`: when any key holds it back, those holds are returned (and marked reported)
   * and nothing is counted; else the attempt is counted on every key and the answer is empty.
   */
  admit(keys: RuleKey[], now: number): Promise<Hold[]>;
  /** Gives one counted attempt back on each key. */
  refund(keys: string[]): Promise<void>;
  /** Forgets the counts of these keys. */
  forget(keys: string[]): Promise<void>;
};

const SWEEP_EVERY_MS = 60_000;

export function createMemoryThrottleStore(): ThrottleStore {
  const states = new Map<string, RuleState>();
  let sweptAt = 0;
  const sweep = (now: number) => {
    if (now - sweptAt < SWEEP_EVERY_MS) return;
    sweptAt = now;
    for (const [key, state] of states) if (state.ends <= now) states.delete(key);
  };
  return {
    // No await between reading and writing: one attempt's decision and count are one step.
    async admit(keys, now) {
      sweep(now);
      const current = keys.map(({ key, rule }) => currentState(states.get(key), rule, now));
      const holds: Hold[] = [];
      keys.forEach(({ key, rule }, i) => {
        const wait = holdOf(current[i], rule, now);
        if (wait === undefined) return;
        holds.push({ rule: rule.name, retryAfterMs: wait, first: !current[i].audited });
        states.set(key, { ...current[i], audited: true });
      });
      if (holds.length === 0) keys.forEach(({ key, rule }, i) => states.set(key, admitOnState(current[i], rule, now)));
      return holds;
    },
    async refund(keys) {
      for (const key of keys) {
        const state = states.get(key);
        if (state && state.n > 0) states.set(key, { ...state, n: state.n - 1 });
      }
    },
    async forget(keys) {
      for (const key of keys) states.delete(key);
    },
  };
}
