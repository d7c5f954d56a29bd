// Device codes and API tokens are random secrets, kept only as their SHA-256 (a leaked store
// holds nothing a client could present).
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url, with a prefix that names what it is (and lets secret scanners find it). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
