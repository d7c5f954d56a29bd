// Keys every identity source has.
import { z } from 'zod';
import { slug } from '../primitives.ts';

export const sourceBase = {
  id: slug(),
  /** Shown on the login page; defaults to the id. */
  label: z.string().min(1).max(80).optional(),
};
