// `roleport hash-password [--ln N]`: reads a password from stdin, prints its scrypt PHC hash for a
// local users file.
import { parseArgs } from 'node:util';
import { DEFAULT_SCRYPT_COST, hashPassword } from '../identity/index.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runHashPassword(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ln: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(`usage: roleport hash-password [--ln N]\n\nReads one password from standard input and prints its scrypt hash.\n  --ln N   log2 of the scrypt cost, 10-20 (default ${DEFAULT_SCRYPT_COST.ln}); tests use lower values\n\nexample: printf '%s' 'my password' | npm run --silent roleport -- hash-password\n`);
    return 0;
  }
  const ln = values.ln === undefined ? DEFAULT_SCRYPT_COST.ln : Number(values.ln);
  if (!Number.isInteger(ln) || ln < 1 || ln > 20) {
    process.stderr.write(`roleport hash-password: --ln must be a whole number from 1 to 20 (found '${values.ln}')\n`);
    return 2;
  }
  if (process.stdin.isTTY) process.stderr.write('Type the password, then Enter and Ctrl-D:\n');
  const password = (await readStdin()).replace(/\r?\n$/, '');
  if (password === '') {
    process.stderr.write('roleport hash-password: the password is empty; nothing to hash\n');
    return 2;
  }
  process.stdout.write(`${await hashPassword(password, { ...DEFAULT_SCRYPT_COST, ln })}\n`);
  return 0;
}
