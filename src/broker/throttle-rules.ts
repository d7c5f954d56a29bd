// The sign-in throttle's rules as data, and what one attempt does to a rule's count. The memory store
// runs `admitOnState` directly; the Redis store runs the same steps in one Lua script
// (throttle-redis.ts). Both decide and count in one step, so parallel attempts cannot overtake the count.

export type ThrottleRuleName = 'username-address' | 'username' | 'address';

export type ThrottleRule = {
  name: ThrottleRuleName;
  /** Attempts counted freely within the window. */
  free: number;
  /** Past `free`, the wait after each counted attempt (ms), times `factor` each time, at most `maxDelayMs`; 0: none until the window ends. */
  delayMs: number;
  factor: number;
  maxDelayMs: number;
  /** How long counts are kept: from the first attempt, and once waits began, after the last wait ends. */
  windowMs: number;
};

/** A rule's count for one key; `gate`, `ends`: epoch ms; `audited`: the first hold of this window was reported. */
export type RuleState = { n: number; gate: number; ends: number; audited: boolean };

/** Why an attempt is held back: the rule, how long until it may come again, and whether it is the first hold of this window. */
export type Hold = { rule: ThrottleRuleName; retryAfterMs: number; first: boolean };

/** The state as it stands at `now`: a window that ended starts again empty. */
export function currentState(state: RuleState | undefined, rule: ThrottleRule, now: number): RuleState {
  return state && state.ends > now ? state : { n: 0, gate: 0, ends: now + rule.windowMs, audited: false };
}

/** How long `state` holds an attempt back at `now`, or undefined when it may go to the check. */
export function holdOf(state: RuleState, rule: ThrottleRule, now: number): number | undefined {
  if (state.n < rule.free) return undefined;
  if (rule.delayMs === 0) return state.ends - now;
  return state.gate > now ? state.gate - now : undefined;
}

/** Counts one attempt that goes to the check: past `free`, the next one waits. */
export function admitOnState(state: RuleState, rule: ThrottleRule, now: number): RuleState {
  const n = state.n + 1;
  if (n < rule.free || rule.delayMs === 0) return { ...state, n };
  const gate = now + Math.min(rule.delayMs * rule.factor ** (n - rule.free), rule.maxDelayMs);
  return { ...state, n, gate, ends: Math.max(state.ends, gate + rule.windowMs) };
}
