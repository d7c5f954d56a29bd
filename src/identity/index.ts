export * from './identity.ts';
export { hashPassword, verifyPassword, parseHashCost, DEFAULT_SCRYPT_COST, type ScryptCost } from './password-hash.ts';
