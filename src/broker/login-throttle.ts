// Brute-force regulation for every secret a person types (passwords, second-factor codes): each
// attempt is counted before its check, and given back when the check passes, so a burst of parallel
// attempts cannot overtake the count. Three rules, each on its own key:
//   - per (name, address): a few failures free, then a wait that doubles after each one;
//   - per name: past many failures, one check every few seconds (not for a known device);
//   - per address: a cap on failures per window (not for a known device).
// Store and clock come from outside.
import type { LoginConfig } from '../config/index.ts';
import type { RuleKey, ThrottleStore } from './throttle-store.ts';
import type { Hold, ThrottleRule } from './throttle-rules.ts';

/** The configuration's `login.throttle` (seconds throughout; its defaults are the README's rules). */
export type ThrottleLimits = Omit<LoginConfig['throttle'], 'knownDevice'>;

/**
 * Usernames as the throttle and the known-device cookie compare them. Full Unicode lower case, not
 * A-Z only as for groups: a directory that matches names ignoring case may take a look-alike
 * (the Kelvin sign for k) as the same person, and each spelling must not get counts of its own.
 */
export function foldUsername(username: string): string {
  return username.trim().toLowerCase();
}

/**
 * What is being guessed: `name` (a username, or `mfa:<person>`, already in the caller's namespace),
 * from `address`; `knownDevice`: the browser shows it signed in as this person before.
 */
export type ThrottleSubject = { name: string; address: string | undefined; knownDevice?: boolean };

/** An attempt let through to its check. A failed check needs nothing: it was counted already. */
export type Attempt = {
  /** The check passed: the attempt is given back and this address's count for the name forgotten. */
  succeeded(): Promise<void>;
  /** The check could not decide (a directory that is down): the attempt is given back. */
  undecided(): Promise<void>;
};

export type Admission = { admitted: true; attempt: Attempt } | { admitted: false; holds: Hold[] };

export type LoginThrottle = {
  /** Counts one attempt, or says which rules hold it back and for how long. */
  begin(subject: ThrottleSubject): Promise<Admission>;
};

const MAX_NAME = 256;

export function createLoginThrottle(limits: ThrottleLimits, store: ThrottleStore, clock: () => Date): LoginThrottle {
  const ms = (seconds: number) => seconds * 1000;
  const rules = {
    pair: { name: 'username-address', free: limits.usernameAddress.free, delayMs: ms(limits.usernameAddress.firstDelay), factor: 2, maxDelayMs: ms(limits.usernameAddress.maxDelay), windowMs: ms(limits.usernameAddress.forgetAfter) },
    name: { name: 'username', free: limits.username.failures, delayMs: ms(limits.username.interval), factor: 1, maxDelayMs: ms(limits.username.interval), windowMs: ms(limits.username.window) },
    address: { name: 'address', free: limits.address.failures, delayMs: 0, factor: 1, maxDelayMs: 0, windowMs: ms(limits.address.window) },
  } satisfies Record<string, ThrottleRule>;

  return {
    async begin(subject) {
      const name = encodeURIComponent(subject.name.slice(0, MAX_NAME));
      const address = subject.address ?? '(unknown)';
      const pairKey = `throttle:pair:${name}:${address}`;
      const keys: RuleKey[] = [{ key: pairKey, rule: rules.pair }];
      // A known device keeps the per-(name, address) rule only: an attacker elsewhere cannot lock it out.
      if (!subject.knownDevice) keys.push({ key: `throttle:name:${name}`, rule: rules.name }, { key: `throttle:address:${address}`, rule: rules.address });
      const holds = await store.admit(keys, clock().getTime());
      if (holds.length > 0) return { admitted: false, holds };
      const shared = keys.slice(1).map((k) => k.key);
      return {
        admitted: true,
        attempt: {
          async succeeded() {
            await Promise.all([store.forget([pairKey]), store.refund(shared)]);
          },
          async undecided() {
            await store.refund(keys.map((k) => k.key));
          },
        },
      };
    },
  };
}
