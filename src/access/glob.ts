// Glob patterns (`*` any run, `?` one character) compiled once into matchers.

export type Matcher = (value: string) => boolean;

export function compileGlob(pattern: string, options: { caseInsensitive?: boolean } = {}): Matcher {
  if (!/[*?]/.test(pattern)) {
    if (options.caseInsensitive) {
      const lower = pattern.toLowerCase();
      return (value) => value.toLowerCase() === lower;
    }
    return (value) => value === pattern;
  }
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, options.caseInsensitive ? 'iu' : 'u');
  return (value) => regex.test(value);
}
