// Runs Roleport as an operator would — `node src/main.ts` with a configuration file — for tests of
// the process itself: signals (SIGTERM, SIGHUP), exit codes, messages at start.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

const NODE = 'node_modules/.bin/node';

export type RoleportProcess = {
  url: string;
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves to the exit code. */
  exited: Promise<number | null>;
  /** Resolves when a log line matching `pattern` has been written (bounded by `timeoutMs`). */
  logged(pattern: RegExp, timeoutMs?: number): Promise<string>;
};

/** Writes `config` (an object: JSON is YAML) to `dir/roleport.yaml` and returns its path. */
export function writeConfig(dir: string, config: Record<string, unknown>, name = 'roleport.yaml'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Starts Roleport on `configFile`; resolves once it listens (or rejects with what it wrote). */
export async function startRoleportProcess(configFile: string, env: Record<string, string>, options: { waitForListening?: boolean } = {}): Promise<RoleportProcess> {
  const port = await freePort();
  const child = spawn(NODE, ['src/main.ts'], { env: { PATH: process.env.PATH ?? '', ...env, ROLEPORT_CONFIG: configFile, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const listeners: (() => void)[] = [];
  child.stdout!.on('data', (chunk) => {
    stdout.push(...String(chunk).split('\n').filter(Boolean));
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk) => stderr.push(String(chunk)));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const logged = (pattern: RegExp, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = stdout.find((l) => pattern.test(l));
        if (line) {
          clearTimeout(timer);
          resolve(line);
        }
      };
      const timer = setTimeout(() => reject(new Error(`Roleport never logged ${pattern}\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr.join('')}`)), timeoutMs);
      listeners.push(check);
      void exited.then(() => setTimeout(() => reject(new Error(`Roleport exited before logging ${pattern}\nstderr:\n${stderr.join('')}`)), 100));
      check();
    });
  const started: RoleportProcess = { url: `http://127.0.0.1:${port}`, child, stdout, stderr, exited, logged };
  if (options.waitForListening !== false) {
    try {
      await logged(/Roleport is listening/, 60_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }
  return started;
}
