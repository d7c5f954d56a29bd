// Glob patterns (`*` any run, `?` one character) compiled once into matchers. Case-insensitive
// matching folds A-Z only (asciiLowerCase), never Unicode case.
import { asciiLowerCase } from '../ascii-case.ts';

export type Matcher = (value: string) => boolean;

export function compileGlob(pattern: string, options: { caseInsensitive?: boolean } = {}): Matcher {
  if (!/[*?]/.test(pattern)) {
    if (options.caseInsensitive) {
      const lower = asciiLowerCase(pattern);
      return (value) => asciiLowerCase(value) === lower;
    }
    return (value) => value === pattern;
  }
  const fold = options.caseInsensitive ? asciiLowerCase : (text: string) => text;
  // No `i` flag: under /iu the Kelvin sign would match `k`.
  const source = fold(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 'u');
  return (value) => regex.test(fold(value));
}
