// The sign-in throttle's counts in Redis: one Lua script runs throttle-rules.ts's steps on every key
// of an attempt at once, so parallel attempts on any replica are decided one after the other.
import { type RedisClient, guarded } from './expiring-store.ts';
import type { Hold, ThrottleRuleName } from './throttle-rules.ts';
import type { ThrottleStore } from './throttle-store.ts';

// KEYS: one hash per rule key (n, gate, ends, audited). ARGV: now, then per key free, delay, factor,
// maxDelay, window. Returns the holds as flat triples (key index, wait ms, first 1/0); none: counted.
const ADMIT = `
local now = tonumber(ARGV[1])
local states, rules, holds = {}, {}, {}
for i, key in ipairs(KEYS) do
  local a = 1 + (i - 1) * 5
  local rule = { free = tonumber(ARGV[a + 1]), delay = tonumber(ARGV[a + 2]), factor = tonumber(ARGV[a + 3]), maxDelay = tonumber(ARGV[a + 4]), window = tonumber(ARGV[a + 5]) }
  local v = redis.call('HMGET', key, 'n', 'gate', 'ends', 'audited')
  local s = { n = tonumber(v[1]) or 0, gate = tonumber(v[2]) or 0, ends = tonumber(v[3]) or 0, audited = v[4] == '1' }
  if s.ends <= now then s = { n = 0, gate = 0, ends = now + rule.window, audited = false } end
  states[i], rules[i] = s, rule
  if s.n >= rule.free then
    local wait = nil
    if rule.delay == 0 then wait = s.ends - now elseif s.gate > now then wait = s.gate - now end
    if wait then
      table.insert(holds, i)
      table.insert(holds, wait)
      table.insert(holds, s.audited and 0 or 1)
      redis.call('HSET', key, 'n', s.n, 'gate', s.gate, 'ends', s.ends, 'audited', 1)
      redis.call('PEXPIRE', key, math.max(1, s.ends - now))
    end
  end
end
if #holds > 0 then return holds end
for i, key in ipairs(KEYS) do
  local s, rule = states[i], rules[i]
  s.n = s.n + 1
  if s.n >= rule.free and rule.delay > 0 then
    s.gate = now + math.min(rule.delay * rule.factor ^ (s.n - rule.free), rule.maxDelay)
    s.ends = math.max(s.ends, s.gate + rule.window)
  end
  redis.call('HSET', key, 'n', s.n, 'gate', s.gate, 'ends', s.ends, 'audited', s.audited and 1 or 0)
  redis.call('PEXPIRE', key, math.max(1, s.ends - now))
end
return {}
`;

const REFUND = `
for _, key in ipairs(KEYS) do
  local n = tonumber(redis.call('HGET', key, 'n'))
  if n and n > 0 then redis.call('HINCRBY', key, 'n', -1) end
end
return 0
`;

/** Keys live under `prefix`; Redis drops each count when its window ends. */
export function createRedisThrottleStore(client: RedisClient, prefix: string): ThrottleStore {
  const named = (keys: string[]) => keys.map((key) => prefix + key);
  return {
    async admit(keys, now) {
      const args = [String(now), ...keys.flatMap(({ rule }) => [rule.free, rule.delayMs, rule.factor, rule.maxDelayMs, rule.windowMs].map(String))];
      const flat = (await guarded(client, (c) => c.eval(ADMIT, { keys: named(keys.map((k) => k.key)), arguments: args }))) as number[];
      const holds: Hold[] = [];
      for (let i = 0; i < flat.length; i += 3)
        holds.push({ rule: keys[flat[i] - 1].rule.name as ThrottleRuleName, retryAfterMs: flat[i + 1], first: flat[i + 2] === 1 });
      return holds;
    },
    async refund(keys) {
      if (keys.length > 0) await guarded(client, (c) => c.eval(REFUND, { keys: named(keys), arguments: [] }));
    },
    async forget(keys) {
      if (keys.length > 0) await guarded(client, (c) => c.del(named(keys)));
    },
  };
}
