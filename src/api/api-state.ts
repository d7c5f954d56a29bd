// The API's shared state for one app: device grants, tokens and rate limits, in Redis when the
// sessions are (replicas then share them), else in memory.
import type { AppContext } from '../broker/index.ts';
import { type ApiTokens, createApiTokens } from './api-tokens.ts';
import { type DeviceGrants, createDeviceGrants } from './device-grants.ts';
import { createMemoryStore, createRedisStore } from './expiring-store.ts';
import { type DeviceRateLimits, createDeviceRateLimits } from './rate-limits.ts';

export type ApiState = { grants: DeviceGrants; tokens: ApiTokens; limits: DeviceRateLimits };

export function createApiState(ctx: AppContext): ApiState {
  const prefix = ctx.config.session.store.type === 'redis' ? ctx.config.session.store.prefix : '';
  const store = ctx.redis ? createRedisStore(ctx.redis, `${prefix}api:`) : createMemoryStore(ctx.clock);
  return {
    grants: createDeviceGrants(store, ctx.clock),
    tokens: createApiTokens(store, ctx.clock),
    limits: createDeviceRateLimits(ctx.redis, `${prefix}api:`),
  };
}
