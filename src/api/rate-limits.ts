// Rate limits of the device flow, per client address (and per person for codes typed on /device):
// in memory, or in Redis so that every replica counts together.
import type { Response } from 'express';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RoleportError } from '../errors.ts';
import type { RedisClient } from '../broker/index.ts';

type Limit = { keyPrefix: string; points: number; duration: number; message: string };

const LIMITS = {
  /** New sign-in requests (POST /api/v1/device) per address. */
  start: { keyPrefix: 'device-start', points: 20, duration: 300, message: 'too many sign-in requests from this address' },
  /** Polls (POST /api/v1/device/token) per address: many CLIs may share one address. */
  poll: { keyPrefix: 'device-poll', points: 120, duration: 60, message: 'too many polls from this address' },
  /** User codes looked up on /device per person: guessing someone else's code takes billions. */
  lookup: { keyPrefix: 'device-lookup', points: 30, duration: 900, message: 'too many codes tried' },
} satisfies Record<string, Limit>;

export type DeviceLimit = keyof typeof LIMITS;
export type DeviceRateLimits = {
  /** Counts one request; past the limit, throws 429 and sets Retry-After on `res`. */
  consume(limit: DeviceLimit, key: string | undefined, res: Response): Promise<void>;
};

export function createDeviceRateLimits(redis: RedisClient | undefined, redisPrefix: string): DeviceRateLimits {
  const limiters = Object.fromEntries(
    (Object.keys(LIMITS) as DeviceLimit[]).map((name) => {
      const { keyPrefix, points, duration } = LIMITS[name];
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      const shared = redis && new RateLimiterRedis({ storeClient: redis, useRedisPackage: true, keyPrefix: `${redisPrefix}${keyPrefix}`, points, duration, insuranceLimiter: memory });
      return [name, { memory, shared }];
    }),
  ) as Record<DeviceLimit, { memory: RateLimiterMemory; shared?: RateLimiterRedis }>;
  return {
    async consume(limit, key, res) {
      // While Redis is away each replica counts alone, rather than waiting for it or failing.
      const { memory, shared } = limiters[limit];
      const limiter = shared && redis?.isReady ? shared : memory;
      try {
        await limiter.consume(key ?? '(unknown)');
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        res.set('Retry-After', String(seconds));
        throw new RoleportError({ status: 429, code: 'too_many_requests', message: `${LIMITS[limit].message}; try again in ${seconds} seconds` });
      }
    },
  };
}
