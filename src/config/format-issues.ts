// Turns schema problems into lines a person can act on: key path, value found, what is allowed.
import type { z } from 'zod';

export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(top level)';
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatKeyPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${formatKeyPath([...issue.path, key])}: unknown key '${key}'; check the spelling against the README's configuration reference`).join('\n');
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const what = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' entries' : '';
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      return `${where}: must be ${word} ${String(bound)}${what} (found ${show(input)})`;
    }
    case 'invalid_type':
      if (input === undefined) return `${where}: is required (expected ${issue.expected})`;
      return `${where}: found ${show(input)}, expected ${issue.expected}`;
    case 'invalid_value':
      return `${where}: found ${show(input)}, allowed: ${issue.values.map((v) => show(v)).join(' | ')}`;
    default: {
      const found = input === undefined || typeof input === 'object' ? '' : ` (found ${show(input)})`;
      return `${where}: ${issue.message}${found}`;
    }
  }
}
