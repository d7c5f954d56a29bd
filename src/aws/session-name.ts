// Fits a username to STS's name rules (RoleSessionName, GetFederationToken Name, SourceIdentity)
// so that two different usernames never share a name.
import { createHash } from 'node:crypto';

/** STS's characters for session names, federation names and source identities. */
const ALLOWED = /[\w+=,.@-]/;
const SEPARATOR = '=';
const HASH_LENGTH = 10;
/** What a fitted name ends with when it was changed; an unchanged name must never look like it. */
const LOOKS_FITTED = new RegExp(`${SEPARATOR}[a-z2-7]{${HASH_LENGTH}}$`);

export const SESSION_NAME_MAX = 64;
export const FEDERATION_NAME_MAX = 32;
export const SOURCE_IDENTITY_MAX = 64;

/** 50 bits of SHA-256 of the original username, in lower-case base32. */
function shortHash(value: string): string {
  const digest = createHash('sha256').update(value, 'utf8').digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0n;
  for (const byte of digest.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < HASH_LENGTH; i++) out += alphabet[Number((bits >> BigInt(5 * (HASH_LENGTH - 1 - i) + 6)) & 31n)];
  return out;
}

/**
 * `username` as a name of 2..max of `[\w+=,.@-]`. A username that already fits is kept as it is;
 * otherwise accents are dropped, other characters become '-', the result is cut to leave room, and
 * `=<hash of the original>` is appended. An unchanged name never ends like that suffix (a username
 * that does is treated as changed), so a changed and an unchanged username cannot meet.
 */
export function fitName(username: string, max: number): string {
  const fits = username.length >= 2 && username.length <= max && [...username].every((ch) => ALLOWED.test(ch));
  if (fits && !LOOKS_FITTED.test(username)) return username;
  const plain = username.normalize('NFKD').replace(/\p{M}/gu, '');
  const replaced = [...plain].map((ch) => (ALLOWED.test(ch) ? ch : '-')).join('');
  const room = max - SEPARATOR.length - HASH_LENGTH;
  return `${replaced.slice(0, room)}${SEPARATOR}${shortHash(username)}`;
}

/** RoleSessionName (AssumeRole*, 2-64). */
export const fitSessionName = (username: string): string => fitName(username, SESSION_NAME_MAX);

/** GetFederationToken Name (2-32). */
export const fitFederationName = (username: string): string => fitName(username, FEDERATION_NAME_MAX);

/** SourceIdentity (2-64; its characters exclude ':', so it can never start with `aws:`). */
export const fitSourceIdentity = (username: string): string => fitName(username, SOURCE_IDENTITY_MAX);
