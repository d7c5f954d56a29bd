// Second factors: TOTP, passkeys (WebAuthn) and recovery codes, their checks and who may change them.
export { type ChangeBlock, FRESH_SECONDS, assertMayChangeFactors, factorChangeBlock, freshlyVerifiedWithOwnFactor, readFactorName, removeFactor, renameFactor } from './factor-changes.ts';
export { isAdmin, requireAdmin, resetFactors } from './admin.ts';
export { RECOVERY_CODE_COUNT, issueRecoveryCodes, useRecoveryCode } from './recovery-codes.ts';
export { confirmTotpEnrolment, startTotpEnrolment, verifyTotp } from './totp-factor.ts';
export { personOf } from './person.ts';
export { AFTER_IDP_REAUTH, idpReauthPath, sourceReportsMfa } from './idp-reauth.ts';
export { type MfaMethod, mfaVerifiedWithin, personHasFactor, recordMfaVerification } from './verification.ts';
export { confirmPasskeyRegistration, passkeyAuthenticationOptions, passkeyRegistrationOptions, passkeysAvailable, readWebauthnResponse, relyingParty, verifyPasskey } from './passkey-factor.ts';
