// Building blocks of the configuration schema: secrets by reference, durations, paths, URLs.
// Each is a zod schema factory so a problem is reported with its key path.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

/** What a schema needs from the outside world while the file is checked. */
export type LoadContext = {
  env: Record<string, string | undefined>;
  /** Folder of the config file; relative paths are resolved against it. */
  baseDir: string;
  /** Startup warnings collected while loading (literal secrets, insecure switches...). */
  warnings: string[];
};

/** A secret resolved from `env:NAME`, `file:PATH`, or (with a warning) a literal value. */
export type Secret = { value: string; from: string };

export function secret(ctx: LoadContext) {
  return z.string({ error: 'expected a secret reference: env:NAME or file:PATH' }).min(1, 'must not be empty').transform((raw, issue) => {
    if (raw.startsWith('env:')) {
      const name = raw.slice(4);
      const value = ctx.env[name];
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        issue.addIssue({ code: 'custom', message: `'${raw}' is not a valid environment variable reference; allowed: env:NAME with letters, digits and _`, input: raw });
        return z.NEVER;
      }
      if (value === undefined || value === '') {
        issue.addIssue({ code: 'custom', message: `environment variable ${name} is not set (the key refers to it as '${raw}')`, input: raw });
        return z.NEVER;
      }
      return { value, from: raw } satisfies Secret;
    }
    if (raw.startsWith('file:')) {
      const path = resolvePath(ctx, raw.slice(5));
      try {
        const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
        if (value === '') {
          issue.addIssue({ code: 'custom', message: `secret file ${path} is empty`, input: raw });
          return z.NEVER;
        }
        return { value, from: raw } satisfies Secret;
      } catch (error) {
        issue.addIssue({ code: 'custom', message: `cannot read secret file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, input: raw });
        return z.NEVER;
      }
    }
    // Literal secrets are accepted; the loader warns about each one with its key path.
    return { value: raw, from: 'literal' } satisfies Secret;
  });
}

export function resolvePath(ctx: LoadContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.baseDir, path);
}

/** A plain file path; relative ones are relative to the config file's folder. */
export function filePath(ctx: LoadContext) {
  return z.string({ error: 'expected a file path' }).min(1, 'must not be empty').transform((p) => resolvePath(ctx, p));
}

const DURATION = /^(\d+)(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** A duration in seconds, written as a number of seconds or as `90s`, `30m`, `12h`, `1d`. */
export function duration(limits: { min?: number; max?: number } = {}) {
  return z
    .union([z.number().int().nonnegative(), z.string()], { error: "expected a duration such as 900, '15m', '1h' or '12h'" })
    .transform((raw, issue) => {
      let seconds: number;
      if (typeof raw === 'number') seconds = raw;
      else {
        const match = DURATION.exec(raw.trim());
        if (!match) {
          issue.addIssue({ code: 'custom', message: "expected a duration such as 900, '15m', '1h' or '12h'", input: raw });
          return z.NEVER;
        }
        seconds = Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as keyof typeof UNIT_SECONDS];
      }
      if (limits.min !== undefined && seconds < limits.min) {
        issue.addIssue({ code: 'custom', message: `must be at least ${formatDuration(limits.min)}`, input: raw });
        return z.NEVER;
      }
      if (limits.max !== undefined && seconds > limits.max) {
        issue.addIssue({ code: 'custom', message: `must be at most ${formatDuration(limits.max)}`, input: raw });
        return z.NEVER;
      }
      return seconds;
    });
}

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** An absolute http(s) URL. */
export function httpUrl() {
  return z.string({ error: 'expected an http(s) URL' }).refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'expected an absolute http:// or https:// URL');
}

/** An identifier used in URLs (source ids, account names). */
export const slug = () =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected 1-64 letters, digits, _ . - starting with a letter or digit');
