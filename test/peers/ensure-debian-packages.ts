// pretest: installs the Debian packages the tests need when they are missing (as root), or stops
// with the exact command to run. Keeps `npm ci && npm test` whole on a fresh Debian machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const listFile = new URL('./debian-packages.txt', import.meta.url);
const wanted = readFileSync(listFile, 'utf8')
  .split('\n')
  .map((line) => line.replace(/#.*/, '').trim())
  .filter(Boolean);

function installed(name: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

const missing = wanted.filter((name) => !installed(name));
if (missing.length === 0) process.exit(0);

const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}`;
if (process.getuid?.() !== 0) {
  process.stderr.write(`The tests need these Debian packages: ${missing.join(' ')}\nRun as root:\n  ${command}\n`);
  process.exit(1);
}
process.stdout.write(`Installing Debian packages the tests need: ${missing.join(' ')}\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
// A mirror hiccup should not fail the run: try each step a few times.
function run(args: string[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('apt-get', args, { stdio: 'inherit', env });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      process.stdout.write(`apt-get ${args[0]} failed (attempt ${attempt}); trying again\n`);
      spawnSync('sleep', [String(5 * attempt)]);
    }
  }
}
run(['update', '-q']);
run(['install', '-y', '-q', '--no-install-recommends', ...missing]);
const still = missing.filter((name) => !installed(name));
if (still.length > 0) {
  process.stderr.write(`These Debian packages did not install: ${still.join(' ')}\n`);
  process.exit(1);
}
