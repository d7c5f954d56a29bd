// scrypt password hashes in PHC string form: $scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash> (base64).
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export type ScryptCost = { ln: number; r: number; p: number };
export const DEFAULT_SCRYPT_COST: ScryptCost = { ln: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: ScryptCost, keyLength: number): Promise<Buffer> {
  const N = 2 ** cost.ln;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

const b64 = (buffer: Buffer) => buffer.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  if (cost.ln < 1 || cost.ln > 20) throw new RangeError('scrypt ln must be between 1 and 20');
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, KEY_LENGTH);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(key)}`;
}

const PHC = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)={0,2}\$([A-Za-z0-9+/]+)={0,2}$/;

export function parseHashCost(hash: string): ScryptCost | undefined {
  const match = PHC.exec(hash);
  return match ? { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) } : undefined;
}

/** Constant-time check of a password against a PHC scrypt hash; false for a malformed hash. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const match = PHC.exec(hash);
  if (!match) return false;
  const cost = { ln: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const expected = Buffer.from(match[5], 'base64');
  const actual = await derive(password, Buffer.from(match[4], 'base64'), cost, expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
