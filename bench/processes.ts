// The bench's child processes: the sandbox STS alone, the broker, the bare HTTP server and the
// baselines' client. Each is started on a loopback port and stopped at the end.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { Job } from './direct-worker.ts';
import type { Sample } from './load.ts';
import type { RulesResult } from './rules-case.ts';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export type Child = { process: ChildProcess; pid: number; stop(): Promise<void> };

function child(proc: ChildProcess): Child {
  if (proc.pid === undefined) throw new Error('a child process did not start');
  return {
    process: proc,
    pid: proc.pid,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 200; returns the milliseconds from `since`. Bounded by `timeoutMs`. */
export async function firstResponse(url: string, since: number, proc: ChildProcess, timeoutMs = 60_000): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if (proc.exitCode !== null) throw new Error(`${url}: the process exited with code ${proc.exitCode}`);
    try {
      const res = await request(url);
      await res.body.dump();
      if (res.statusCode === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function startSandbox(port: number, configFile: string, env: NodeJS.ProcessEnv): Child {
  return child(spawn(process.execPath, [path('../src/commands/main.ts'), 'sandbox', '--port', String(port), '--config', configFile], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
}

/** The V8 heap settings the systemd unit (and the Containerfile) run Roleport with: the bench measures the broker as deployed. */
export function deployedNodeOptions(): string {
  const unit = readFileSync(path('../deploy/roleport.service'), 'utf8');
  return /^Environment="NODE_OPTIONS=([^"]*)"$/m.exec(unit)?.[1] ?? '';
}

/** The broker; `nodeArgs` e.g. --cpu-prof. Its logs go to `logFile`, else to /dev/null (serialising them still counts). */
export function startBroker(configFile: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = [], logFile?: string): Child {
  const stdout = logFile ? openSync(logFile, 'a') : 'ignore';
  return child(spawn(process.execPath, [...nodeArgs, path('../src/main.ts')], { env: { ...env, NODE_OPTIONS: deployedNodeOptions(), ROLEPORT_CONFIG: configFile }, stdio: ['ignore', stdout, 'inherit'] }));
}

export function startBareHttp(port: number): Child {
  return child(spawn(process.execPath, [path('./bare-http.ts'), String(port)], { stdio: ['ignore', 'ignore', 'inherit'] }));
}

export type Worker = Child & { run(job: Job & { kind: 'sts' | 'console' | 'ldap' }): Promise<Sample>; rules(job: Job & { kind: 'rules' }): Promise<RulesResult> };

export function startWorker(): Worker {
  const proc = fork(path('./direct-worker.ts'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const base = child(proc);
  const ask = <T>(job: Job) =>
    new Promise<T>((resolve, reject) => {
      proc.once('message', (message: { result?: T; error?: string }) => (message.result ? resolve(message.result) : reject(new Error(message.error))));
      proc.send(job);
    });
  return {
    ...base,
    run: (job) => ask<Sample>(job),
    rules: (job) => ask<RulesResult>(job),
    stop: async () => {
      proc.disconnect();
      await base.stop();
    },
  };
}
