// Brute-force regulation for password sign-in: failures are counted per username and per client
// address; past the limit, sign-in is refused for a while. Store and clock come from outside.
import { RateLimiterMemory, type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RoleportError } from '../errors.ts';

export type LoginThrottle = {
  /** Throws RoleportError 429 while this username or address is locked out. */
  assertAllowed(username: string, ip: string | undefined): Promise<void>;
  recordFailure(username: string, ip: string | undefined): Promise<void>;
  recordSuccess(username: string): Promise<void>;
};

export type LoginThrottleLimits = {
  /** Failed sign-ins allowed per username within `window` seconds. */
  perUser: number;
  /** Failed sign-ins allowed per client address within `window` seconds. */
  perAddress: number;
  window: number;
};

export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = { perUser: 10, perAddress: 50, window: 15 * 60 };

export function createLoginThrottle(
  limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS,
  makeLimiter: (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract = (options) => new RateLimiterMemory(options),
): LoginThrottle {
  const byUser = makeLimiter({ keyPrefix: 'login-user', points: limits.perUser, duration: limits.window });
  const byAddress = makeLimiter({ keyPrefix: 'login-ip', points: limits.perAddress, duration: limits.window });
  const userKey = (username: string) => username.trim().toLowerCase().slice(0, 256) || '(blank)';

  return {
    async assertAllowed(username, ip) {
      const [user, address] = await Promise.all([byUser.get(userKey(username)), ip ? byAddress.get(ip) : null]);
      const blocked = [
        user && user.consumedPoints >= limits.perUser ? user : undefined,
        address && address.consumedPoints >= limits.perAddress ? address : undefined,
      ].filter((r): r is RateLimiterRes => r !== undefined);
      if (blocked.length === 0) return;
      const minutes = Math.max(1, Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 60000));
      throw new RoleportError({
        status: 429,
        code: 'too_many_attempts',
        message: `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
      });
    },
    async recordFailure(username, ip) {
      const consume = async (limiter: RateLimiterAbstract, key: string) => {
        try {
          await limiter.consume(key);
        } catch (error) {
          if (!(error instanceof RateLimiterRes)) throw error; // over the limit is expected here
        }
      };
      await Promise.all([consume(byUser, userKey(username)), ip ? consume(byAddress, ip) : undefined]);
    },
    async recordSuccess(username) {
      await byUser.delete(userKey(username));
    },
  };
}
