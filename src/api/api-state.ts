// The API's shared state for one app: device grants, tokens and rate limits, in Redis when the
// sessions are (replicas then share them), else in memory.
import { type AppContext, type CliTokens, createMemoryStore, createRedisStore } from '../broker/index.ts';
import { type DeviceGrants, createDeviceGrants } from './device-grants.ts';
import { type DeviceRateLimits, createDeviceRateLimits } from './rate-limits.ts';

export type ApiState = { grants: DeviceGrants; tokens: CliTokens; limits: DeviceRateLimits };

export function createApiState(ctx: AppContext): ApiState {
  const prefix = ctx.config.session.store.type === 'redis' ? ctx.config.session.store.prefix : '';
  const store = ctx.redis ? createRedisStore(ctx.redis, `${prefix}api:`) : createMemoryStore(ctx.clock);
  return {
    grants: createDeviceGrants(store, ctx.clock),
    // Shared with the web pages (sign-out ends them), so built once in the app context.
    tokens: ctx.cliTokens,
    limits: createDeviceRateLimits(ctx.redis, `${prefix}api:`),
  };
}
