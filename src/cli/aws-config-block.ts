// Roleport's part of ~/.aws/config: one marked block per Roleport URL, replaced whole on each
// `roleport configure`, so the person's own profiles around it stay as they were.

export type ConfigProfile = { name: string; lines: string[] };

const begin = (origin: string) => `# >>> roleport ${origin} >>> (written by roleport configure; run it again to update)`;
const end = (origin: string) => `# <<< roleport ${origin} <<<`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function blockPattern(origin: string): RegExp {
  return new RegExp(`^# >>> roleport ${escapeRegExp(origin)} >>>.*\\n[\\s\\S]*?^${escapeRegExp(end(origin))}\\n?`, 'm');
}

/** The file without Roleport's block for `origin`. */
export function withoutBlock(text: string, origin: string): string {
  return text.replace(blockPattern(origin), '');
}

/** Profile names defined in `text` (`[profile x]`, and `default`). */
export function profileNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, section] of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
    if (section === 'default') names.add('default');
    else if (section.startsWith('profile ')) names.add(section.slice('profile '.length).trim());
  }
  return names;
}

export function renderBlock(origin: string, profiles: ConfigProfile[]): string {
  const body = profiles.map((profile) => [`[profile ${profile.name}]`, ...profile.lines].join('\n')).join('\n\n');
  return `${begin(origin)}\n${body}${body ? '\n' : ''}${end(origin)}\n`;
}

/** `text` with the block for `origin` replaced in place, or added at the end; no block when there are no profiles. */
export function replaceBlock(text: string, origin: string, profiles: ConfigProfile[]): string {
  const block = profiles.length > 0 ? renderBlock(origin, profiles) : '';
  const pattern = blockPattern(origin);
  if (pattern.test(text)) return text.replace(pattern, block);
  if (!block) return text;
  const before = text.replace(/\s*$/, '');
  return before ? `${before}\n\n${block}` : block;
}
