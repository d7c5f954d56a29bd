// Test peer: a private redis-server on a free loopback port, which the test may stop and start
// again on the same port, or pause (never the machine's shared Redis).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { freePort } from '../support/free-port.ts';

/** `pause`: SIGSTOP, so it hangs (connections accepted, nothing answered) rather than refuses; `resume`: SIGCONT. */
export type RedisServer = { url: string; stop(): Promise<void>; start(): Promise<void>; pause(): void; resume(): void; close(): Promise<void> };

async function answers(url: string): Promise<boolean> {
  const probe = createClient({ url, socket: { reconnectStrategy: false } });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.quit();
    return true;
  } catch {
    return false;
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (await answers(url)) return;
      await sleep(50);
    }
    throw new Error(`the private redis-server on ${port} never answered`);
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  };
  await start();
  return {
    url,
    start,
    stop,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async close() {
      child?.kill('SIGCONT');
      await stop();
    },
  };
}
