// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package, top first.
// `node bench/profile-summary.ts <file.cpuprofile> [count]`
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** Where a frame's code lives: a package name, Roleport's own folder, or what V8 calls it. */
export function ownerOf(url: string, name: string): string {
  if (!url) return `(${name || 'native'})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/src/');
  return src >= 0 ? `roleport ${url.slice(src + 1).split('/').slice(0, 2).join('/')}` : url;
}

export function summariseProfile(profile: Profile, count = 15): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  const idle = new Set(['(idle)', '(program)']);
  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (idle.has(functionName)) continue;
    total += micros;
    const short = url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : url.replace(/^.*\/(src|bench)\//, '$1/');
    const frame = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
    frames.set(frame, (frames.get(frame) ?? 0) + micros);
    const owner = ownerOf(url, functionName);
    owners.set(owner, (owners.get(owner) ?? 0) + micros);
  }
  const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([what, micros]) => `  ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${what}`);
  return [`busy CPU ${(total / 1000).toFixed(0)} ms (idle excluded)`, 'by package / folder (self time):', ...top(owners), 'by function (self time):', ...top(frames)].join('\n');
}

if (import.meta.main) {
  const [file, count] = process.argv.slice(2);
  process.stdout.write(`${summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(count ?? 15))}\n`);
}
