// What every door into Roleport shares — the web pages and the JSON API: the app context, who is
// asking and from where, the signed-in session, the entitlement check and audited issuance.
export { TOKEN_MAX_LIFETIME, type CliToken, type CliTokenInfo, type CliTokens, type TokenMfa, type TokenOrigin, openCliTokens } from './cli-tokens.ts';
export { type BrowserSessionInfo, type BrowserSessions, createBrowserSessions, openBrowserSessions } from './browser-sessions.ts';
export { clientInfo } from './client-info.ts';
export { withinDeadline } from './deadline.ts';
export { type ConsoleRequest, readConsoleRequest, readRegion } from './console-options.ts';
export type { AppContext } from './context.ts';
export { type RevokedVia, auditSessionEnded, auditTokenRevoked, endAllAccessOf, endBrowserSessionsOf, endCliTokensOf } from './end-access.ts';
export { requireEntitlement, requireEntitlementOf } from './entitlement.ts';
export { type ExpiringStore, type RedisClient, createMemoryStore, createRedisStore } from './expiring-store.ts';
export { type Caller, browserCaller, consoleSignInAudited, issueCredentialsAudited, readDurationSeconds } from './issue-audited.ts';
export { type Attempt, type LoginThrottle, type ThrottleLimits, type ThrottleSubject, createLoginThrottle, foldUsername } from './login-throttle.ts';
export { type ThrottleStore, createMemoryThrottleStore } from './throttle-store.ts';
export { createRedisThrottleStore } from './throttle-redis.ts';
export { beginThrottledAttempt } from './throttled-attempt.ts';
export type { Person } from './person-index.ts';
export type { RouteModule } from './route-module.ts';
export { revokeRoleSessionsAudited } from './revoke-role-sessions.ts';
export { newSecret, secretHash } from './secret-hash.ts';
export { type Readiness, type ReadinessReport, createReadiness } from './readiness.ts';
export { type RoleChoices, loadRoleChoices, setFavouriteRole } from './role-choices.ts';
export { safeNextPath } from './safe-next-path.ts';
export { type StepUp, assertSteppedUp, sessionStepUp, stepUpPath, steppedUp } from './step-up.ts';
export { completeLogin, cookieFlags, currentIdentity, enforceAbsoluteTimeout, requireSignIn, saveSession, sessionCookieOptions, signOut } from './session.ts';
export {
  type ChangeBlock,
  FRESH_SECONDS,
  type MfaMethod,
  RECOVERY_CODE_COUNT,
  assertMayChangeFactors,
  confirmPasskeyRegistration,
  confirmTotpEnrolment,
  factorChangeBlock,
  AFTER_IDP_REAUTH,
  freshlyVerifiedWithOwnFactor,
  idpReauthPath,
  isAdmin,
  issueRecoveryCodes,
  mfaVerifiedWithin,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  passkeysAvailable,
  personHasFactor,
  personOf,
  readFactorName,
  readWebauthnResponse,
  recordMfaVerification,
  removeFactor,
  renameFactor,
  requireAdmin,
  resetFactors,
  startTotpEnrolment,
  useRecoveryCode,
  verifyPasskey,
  verifyTotp,
} from './mfa/index.ts';
export { type PersonReview, type ReviewedPerson, type RoleReview, type RuleReach, type SourceReach, MAX_REVIEWED_PEOPLE, presentPersonReview, presentRoleReview, reviewCsv, reviewPerson, reviewRole } from './review/index.ts';
