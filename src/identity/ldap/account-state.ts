// Whether a directory account may sign in: disabled (AD userAccountControl) or locked (AD lockoutTime,
// OpenLDAP ppolicy pwdAccountLockedTime), decided here in Roleport from the entry's attributes.
import { type LdapEntry, firstValue } from './entry.ts';

/** userAccountControl bit ACCOUNTDISABLE. */
export const UAC_ACCOUNT_DISABLE = 0x2;
/** msDS-User-Account-Control-Computed bit UF_LOCKOUT (AD computes it with the lockout duration applied). */
export const UAC_COMPUTED_LOCKOUT = 0x10;

export const ACCOUNT_STATE_ATTRIBUTES = ['userAccountControl', 'lockoutTime', 'pwdAccountLockedTime'] as const;
export const AD_COMPUTED_UAC = 'msDS-User-Account-Control-Computed';

function integer(text: string | undefined): bigint | undefined {
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  return BigInt(text.trim());
}

export function isDisabled(entry: LdapEntry): boolean {
  const uac = integer(firstValue(entry, 'userAccountControl'));
  return uac !== undefined && (uac & BigInt(UAC_ACCOUNT_DISABLE)) !== 0n;
}

/**
 * Locked per the entry's attributes. AD's lockoutTime stays non-zero after the lockout duration
 * has passed (until the next good logon), so when AD's computed flags are at hand they decide.
 */
export function isLocked(entry: LdapEntry, computed?: LdapEntry): boolean {
  if (firstValue(entry, 'pwdAccountLockedTime') !== undefined) return true;
  const lockoutTime = integer(firstValue(entry, 'lockoutTime'));
  if (lockoutTime === undefined || lockoutTime <= 0n) return false;
  const flags = computed ? integer(firstValue(computed, AD_COMPUTED_UAC)) : undefined;
  if (flags !== undefined) return (flags & BigInt(UAC_COMPUTED_LOCKOUT)) !== 0n;
  return true;
}

/** Active Directory's bind failure sub-code ("... data 52e, ..."), if the message carries one. */
export function adBindSubcode(message: string): string | undefined {
  return /\bdata ([0-9a-f]{3,4})\b/i.exec(message)?.[1]?.toLowerCase();
}
/** AD sub-codes: 533 account disabled, 775 account locked (AD sends 533 only for the right password). */
export const AD_DISABLED = '533';
export const AD_LOCKED = '775';
