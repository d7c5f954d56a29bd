// Keys every identity source has.
import { z } from 'zod';
import { slug } from '../primitives.ts';

export const sourceBase = {
  id: slug(),
  /** Shown on the login page; defaults to the id. */
  label: z.string().min(1).max(80).optional(),
};

/** A source type that exists in the design but is not built yet: refused by name. */
export function unavailableSource<T extends string>(type: T) {
  return z.looseObject({ type: z.literal(type) }).superRefine((_value, issue) => {
    issue.addIssue({ code: 'custom', path: ['type'], message: `identity type '${type}' is not available yet`, input: type });
  });
}
