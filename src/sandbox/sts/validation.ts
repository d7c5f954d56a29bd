// Parameter constraints from the STS model, refused with AWS's ValidationError wording:
// "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: ...".
import { validationError } from './errors.ts';
import type { StsParams } from './params.ts';

export const NAME_PATTERN = '[\\w+=,.@-]*';
export const EXTERNAL_ID_PATTERN = '[\\w+=,.@:\\/-]*';
export const POLICY_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';
export const TAG_KEY_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+';
export const TAG_VALUE_PATTERN = '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*';
export const SERIAL_PATTERN = '[\\w+=/:,.@-]*';

export type Tag = { key: string; value: string };

export class Validation {
  readonly problems: string[] = [];

  #fail(value: string | null, field: string, constraint: string): void {
    const shown = value === null ? 'null' : `'${value}'`;
    this.problems.push(`Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`);
  }

  required(value: string | undefined, field: string): value is string {
    if (value === undefined) this.#fail(null, field, 'Member must not be null');
    return value !== undefined;
  }

  /** Length (in characters) and pattern checks of a string member, when present. */
  text(value: string | undefined, field: string, min: number, max: number, pattern?: string): void {
    if (value === undefined) return;
    const length = [...value].length;
    if (length < min) this.#fail(value, field, `Member must have length greater than or equal to ${min}`);
    if (length > max) this.#fail(value, field, `Member must have length less than or equal to ${max}`);
    if (pattern && !new RegExp(`^(?:${pattern})$`, 'u').test(value)) this.#fail(value, field, `Member must satisfy regular expression pattern: ${pattern}`);
  }

  /** An integer member within [min, max]; undefined when absent or not a number. */
  integer(value: string | undefined, field: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value.trim())) {
      this.#fail(value, field, 'Member must be a whole number');
      return undefined;
    }
    const n = Number(value);
    if (n < min) this.#fail(value, field, `Member must have value greater than or equal to ${min}`);
    if (n > max) this.#fail(value, field, `Member must have value less than or equal to ${max}`);
    return n;
  }

  listLength(values: readonly unknown[], shown: string, field: string, max: number): void {
    if (values.length > max) this.#fail(shown, field, `Member must have length less than or equal to ${max}`);
  }

  throwIfAny(): void {
    const n = this.problems.length;
    if (n === 0) return;
    throw validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.problems.join('; ')}`);
  }
}

/** Reads and checks `Tags.member.N.Key/Value` (at most 50; key 1-128, value 0-256). */
export function readTags(params: StsParams, v: Validation): Tag[] {
  const raw = params.structs('Tags');
  v.listLength(raw, `[${raw.map((t) => t.Key ?? '').join(', ')}]`, 'tags', 50);
  raw.forEach((tag, i) => {
    const at = `tags.${i + 1}.member`;
    if (v.required(tag.Key, `${at}.key`)) v.text(tag.Key, `${at}.key`, 1, 128, TAG_KEY_PATTERN);
    if (v.required(tag.Value, `${at}.value`)) v.text(tag.Value, `${at}.value`, 0, 256, TAG_VALUE_PATTERN);
  });
  return raw.map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

/** Reads and checks `PolicyArns.member.N.arn` (at most 10, each 20-2048 characters). */
export function readPolicyArns(params: StsParams, v: Validation): string[] {
  const arns = params.structs('PolicyArns').map((p) => p.arn ?? '');
  v.listLength(arns, `[${arns.join(', ')}]`, 'policyArns', 10);
  arns.forEach((arn, i) => v.text(arn, `policyArns.${i + 1}.member.arn`, 20, 2048));
  return arns;
}

/** Reads the session policy every issuing action takes: `Policy` (1-2048 policy characters) and `PolicyArns`. */
export function readSessionPolicy(params: StsParams, v: Validation): { policy?: string; policyArns: string[] } {
  const policy = params.get('Policy');
  v.text(policy, 'policy', 1, 2048, POLICY_PATTERN);
  return { policy, policyArns: readPolicyArns(params, v) };
}

/** Refuses two tags whose keys differ only in case, as STS does. */
export function checkDuplicateTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.key.toLowerCase();
    if (seen.has(key)) throw validationError('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
  }
}
