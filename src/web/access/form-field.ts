// One text field of a posted form, checked: present, a string, not absurdly long.
import { badRequest } from '../../errors.ts';

export function formField(body: unknown, name: string, maxLength = 1024): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) throw badRequest(`the form's ${name} is missing`);
  return value;
}
