// One finding of `roleport check-config`: how bad, about what, and what is wrong, in words.
export type Level = 'problem' | 'warning' | 'ok' | 'not-checked';
export type Finding = { level: Level; check: 'config' | 'rules' | 'durations' | 'people' | 'preflight'; subject: string; message: string };

const ORDER: Level[] = ['problem', 'warning', 'not-checked', 'ok'];

export function formatFindings(findings: Finding[]): string {
  const sorted = [...findings].sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level));
  const lines = sorted.map((f) => `${f.level.padEnd(11)} ${f.subject}: ${f.message}`);
  const problems = findings.filter((f) => f.level === 'problem').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  lines.push('', problems === 0 ? `No problems${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}.` : `${problems} problem${problems === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}
