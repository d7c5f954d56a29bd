// Schema of the `login` section: the sign-in throttle's rules (passwords and second-factor codes) and
// how long a browser stays a known device of a person after a successful password sign-in.
import { z } from 'zod';
import { duration } from './primitives.ts';

const count = (max: number) => z.number().int().min(1).max(max);

const throttleSchema = z.strictObject({
  /** Per (username, address): `free` failures, then a wait from `firstDelay` doubling after each failure, at most `maxDelay`. */
  usernameAddress: z
    .strictObject({
      free: count(1000).default(5),
      firstDelay: duration({ min: 1, max: 3600 }).default(1),
      maxDelay: duration({ min: 1, max: 86400 }).default(15 * 60),
      /** Counts are forgotten this long after the last wait ends. */
      forgetAfter: duration({ min: 60, max: 7 * 86400 }).default(15 * 60),
    })
    .refine((rule) => rule.firstDelay <= rule.maxDelay, { message: 'firstDelay must not be longer than maxDelay', path: ['firstDelay'] })
    .prefault({}),
  /** Per username, from any address: past `failures` within `window`, one check per `interval`. */
  username: z
    .strictObject({
      failures: count(100_000).default(20),
      window: duration({ min: 60, max: 86400 }).default(15 * 60),
      interval: duration({ min: 1, max: 3600 }).default(5),
    })
    .prefault({}),
  /** Per client address, any username: at most `failures` within `window`. */
  address: z
    .strictObject({
      failures: count(1_000_000).default(100),
      window: duration({ min: 60, max: 86400 }).default(15 * 60),
    })
    .prefault({}),
  /** A browser that signed in as the person within this time keeps only the per-(username, address) rule. */
  knownDevice: z.strictObject({ lifetime: duration({ min: 3600, max: 365 * 86400 }).default(30 * 86400) }).prefault({}),
});

export const loginSchema = z.strictObject({ throttle: throttleSchema.prefault({}) });
export type LoginConfig = z.infer<typeof loginSchema>;
