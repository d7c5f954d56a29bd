// Factor secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from mfa.encryptionKey,
// each ciphertext bound to what it belongs to (associated data) so a row copied onto another
// factor or person does not decrypt. Recovery codes are kept as HMACs under a second derived key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { RoleportError } from '../../errors.ts';
import type { AppContext } from '../context.ts';

export type FactorCipher = {
  encrypt(plaintext: string, boundTo: string): string;
  /** Throws when the text was not made by this key for `boundTo`. */
  decrypt(ciphertext: string, boundTo: string): string;
  /** A keyed hash: the same input always gives the same text, and nothing is learnt without the key. */
  hash(value: string): string;
};

const VERSION = 'v1';

function derive(key: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, 'roleport', purpose, 32));
}

export function createFactorCipher(key: string): FactorCipher {
  const encryptionKey = derive(key, 'mfa factor secrets');
  const hashKey = derive(key, 'mfa recovery codes');
  return {
    encrypt(plaintext, boundTo) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      cipher.setAAD(Buffer.from(boundTo));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    decrypt(ciphertext, boundTo) {
      const [version, iv, body, tag] = ciphertext.split('.');
      if (version !== VERSION || !iv || body === undefined || !tag) throw new Error('not a factor secret of this Roleport');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    hash(value) {
      return createHmac('sha256', hashKey).update(value).digest('base64url');
    },
  };
}

const ciphers = new WeakMap<object, FactorCipher>();

/** The cipher for this configuration; a clear refusal when mfa.encryptionKey is not set. */
export function factorCipher(ctx: Pick<AppContext, 'config'>): FactorCipher {
  const mfa = ctx.config.mfa;
  const key = mfa.encryptionKey?.value;
  if (!key) throw new RoleportError({ status: 503, code: 'mfa_not_configured', message: 'second factors are not available: this Roleport has no mfa.encryptionKey configured', detail: 'Ask the people who run Roleport to set one.' });
  let cipher = ciphers.get(mfa);
  if (!cipher) ciphers.set(mfa, (cipher = createFactorCipher(key)));
  return cipher;
}
