// The `saml` identity source: Roleport as a SAML 2.0 service provider (SP- and IdP-initiated sign-in,
// single logout), and the landing place of an IdP's AWS application (`awsFederation: true`).
import { randomBytes } from 'node:crypto';
// node-saml is loaded when a sign-in first needs it, so a configuration without SAML never loads it.
import type { CacheProvider, Profile, SAML, SamlConfig } from '@node-saml/node-saml';
import { AWS_SIGNIN_SAML_URL, type RoleportConfig, SAML_ATTRIBUTE_DEFAULTS, type SamlSourceConfig } from '../../config/index.ts';
import { RoleportError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { timeIdentityCall } from '../../metrics.ts';
import type { Identity, IdentitySource, RedirectIdentitySource } from '../identity.ts';
import { type AssertionFacts, readAssertion } from './assertion.ts';
import { mapAttributes, normalizeAttributes } from './attributes.ts';
import { AWS_AUDIENCE, readAwsRoles, readRoleSessionName, readSessionDuration } from './aws-attributes.ts';
import { explainSamlError, samlRefused } from './explain-error.ts';
import { parseIdpMetadata } from './idp-metadata.ts';
import { type ReplayCache, createMemoryReplayCache } from './replay-cache.ts';
import { type SamlRedis, createRedisReplayCache, createRedisRequestCache, openSamlRedis } from './redis-caches.ts';
import { createMemoryRequestCache, readOnlyRequestCache } from './request-cache.ts';
import { confirmationTiming } from './confirmation-timing.ts';
import { readRawDocument, weakAlgorithm } from './signature-algorithms.ts';
import { buildSpMetadata } from './sp-metadata.ts';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const REQUEST_LIFETIME_MS = 10 * 60_000;
const METADATA_REFRESH_MS = 60 * 60_000;
/** Authentication contexts that mean more than a password. */
/** Identity.attributes keys holding what a LogoutRequest must name. */
export const SAML_SESSION_KEYS = { nameIdFormat: 'saml:nameIdFormat', sessionIndex: 'saml:sessionIndex', nameQualifier: 'saml:nameQualifier', spNameQualifier: 'saml:spNameQualifier' } as const;

export type SamlLogoutMessage =
  | { kind: 'response' }
  | { kind: 'request'; nameId: string; sessionIndex?: string; answer(success: boolean): Promise<string> };

export type SamlSource = RedirectIdentitySource & {
  type: 'saml';
  config: SamlSourceConfig;
  awsFederation: boolean;
  entityId: string;
  acsUrl: string;
  sloUrl: string;
  /** Accepted SubjectConfirmationData Recipient values. */
  recipients: string[];
  /** SP metadata XML for the IdP. */
  metadata(): string;
  /**
   * Where to send the browser for an SP-initiated sign-in, and the AuthnRequest's ID; `relayState` is
   * the page to return to; `fresh` sets ForceAuthn, so the IdP authenticates the person again.
   */
  loginUrl(relayState: string, options?: { fresh?: boolean }): Promise<{ url: string; requestId: string }>;
  /** The request a response says it answers (its InResponseTo), read before any check; undefined for an unsolicited one. */
  requestIdOf(samlResponse: unknown): string | undefined;
  /** Checks a POSTed SAMLResponse (base64) fully and maps it to an Identity, or throws RoleportError 401. */
  completeSignIn(samlResponse: unknown, now: Date): Promise<Identity>;
  /** The IdP's SLO URL carrying a LogoutRequest for this person, when the IdP has SLO. */
  logoutUrl(identity: Identity, relayState: string): Promise<string | undefined>;
  /** A LogoutRequest or LogoutResponse from the IdP (Redirect or POST binding), signature checked. */
  readLogoutMessage(input: { query: Record<string, unknown>; originalQuery: string; body: Record<string, unknown> }): Promise<SamlLogoutMessage>;
};

type IdpSettings = { entryPoint?: string; logoutUrl?: string; issuer?: string; certificates: string[] };

export type SamlSourceDeps = {
  logger: Logger;
  publicUrl: string;
  /** With a Redis session store, the replay and request caches live in that Redis too (shared by replicas). */
  config?: Pick<RoleportConfig, 'session'> & Partial<Pick<RoleportConfig, 'timeouts'>>;
  replayCache?: ReplayCache;
  requestCache?: CacheProvider;
  fetch?: typeof fetch;
};

/** Where the IdP may send this source's assertions (SubjectConfirmationData Recipient, which AWS calls SAML:aud). */
export function samlRecipients(config: Pick<SamlSourceConfig, 'id' | 'recipients' | 'awsFederation'>, publicUrl: string): string[] {
  const acsUrl = `${publicUrl.replace(/\/+$/, '')}/saml/${encodeURIComponent(config.id)}/acs`;
  return config.recipients ?? (config.awsFederation ? [AWS_SIGNIN_SAML_URL, acsUrl] : [acsUrl]);
}

export function createSamlSource(config: SamlSourceConfig, deps: SamlSourceDeps): SamlSource {
  const base = deps.publicUrl.replace(/\/+$/, '');
  const label = config.label ?? config.id;
  const path = `/saml/${encodeURIComponent(config.id)}`;
  // An AWS application is registered at the IdP as AWS itself (urn:amazon:webservices): SP-initiated requests name it.
  const entityId = config.entityId ?? (config.awsFederation ? AWS_AUDIENCE : `${base}${path}`);
  const acsUrl = `${base}${path}/acs`;
  const sloUrl = `${base}${path}/slo`;
  const recipients = samlRecipients(config, deps.publicUrl);
  const log = deps.logger.child({ source: config.id });
  const store = deps.config?.session.store;
  let redis: Promise<SamlRedis> | undefined;
  if (store?.type === 'redis' && (!deps.replayCache || !deps.requestCache)) {
    let down = false;
    redis = openSamlRedis(store.url.value, (deps.config?.timeouts?.store ?? 2) * 1000, log, (error) => {
      if (!down) log.error({ err: { message: error.message } }, 'SAML replay cache (Redis) unreachable; SAML sign-ins are refused until it is back');
      down = true;
    });
    redis.then((client) => client.on('ready', () => (down = false)), () => undefined);
  }
  const replayCache = deps.replayCache ?? (redis && store?.type === 'redis' ? createRedisReplayCache(redis, store.prefix) : createMemoryReplayCache());
  const requestCache =
    deps.requestCache ?? (redis && store?.type === 'redis' ? createRedisRequestCache(redis, store.prefix, REQUEST_LIFETIME_MS) : createMemoryRequestCache({ lifetimeMs: REQUEST_LIFETIME_MS }));
  const doFetch = deps.fetch ?? fetch;

  let metadataCache: { settings: IdpSettings; at: number } | undefined;
  const fromMetadata = (xml: string): IdpSettings => {
    const idp = parseIdpMetadata(xml);
    return { entryPoint: idp.ssoUrl, logoutUrl: idp.sloUrl, issuer: config.idpIssuer ?? idp.entityId, certificates: idp.certificates };
  };
  async function idpSettings(): Promise<IdpSettings> {
    if (config.idpCertificates) return { entryPoint: config.entryPoint, logoutUrl: config.logoutUrl, issuer: config.idpIssuer, certificates: config.idpCertificates };
    const metadata = config.idpMetadata!;
    if (metadata.xml !== undefined) return (metadataCache ??= { settings: fromMetadata(metadata.xml), at: Date.now() }).settings;
    if (metadataCache && Date.now() - metadataCache.at < METADATA_REFRESH_MS) return metadataCache.settings;
    try {
      const response = await timeIdentityCall({ source: config.id, operation: 'saml-metadata' }, () => doFetch(metadata.url!, { signal: AbortSignal.timeout(5000), redirect: 'error' }), () => 'unreachable');
      if (!response.ok) throw new Error(`the metadata URL answered HTTP ${response.status}`);
      const settings = fromMetadata(await response.text());
      metadataCache = { settings, at: Date.now() };
      return settings;
    } catch (error) {
      log.warn({ err: error, url: metadata.url }, 'SAML IdP metadata could not be loaded');
      // A metadata server that is briefly down does not stop sign-ins: keep the last good copy.
      if (metadataCache) return metadataCache.settings;
      throw new RoleportError({ status: 503, code: 'saml_idp_unavailable', message: `${label} cannot be reached right now; try again in a minute.`, cause: error });
    }
  }

  // A metadata file is read now, so a bad one stops the start; a metadata URL is fetched ahead of the first sign-in.
  if (config.idpMetadata?.xml !== undefined) {
    try {
      metadataCache = { settings: fromMetadata(config.idpMetadata.xml), at: Date.now() };
    } catch (error) {
      throw new Error(`identity source '${config.id}': IdP metadata file ${config.idpMetadata.path}: ${(error as Error).message}`);
    }
  } else if (config.idpMetadata?.url) {
    idpSettings().catch(() => undefined);
  }

  /** `requestId`: the ID the next AuthnRequest gets (node-saml draws one otherwise). */
  async function samlClient(requestId?: string, forceAuthn = false): Promise<{ saml: SAML; idp: IdpSettings }> {
    const [idp, { SAML, ValidateInResponseTo }] = await Promise.all([idpSettings(), import('@node-saml/node-saml')]);
    const options: SamlConfig = {
      callbackUrl: acsUrl,
      issuer: entityId,
      idpCert: idp.certificates,
      entryPoint: idp.entryPoint,
      logoutUrl: idp.logoutUrl ?? '',
      logoutCallbackUrl: sloUrl,
      audience: config.awsFederation ? AWS_AUDIENCE : entityId,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: config.wantResponseSigned,
      acceptedClockSkewMs: config.clockSkew * 1000,
      validateInResponseTo: config.allowIdpInitiated ? ValidateInResponseTo.ifPresent : ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_LIFETIME_MS,
      cacheProvider: readOnlyRequestCache(requestCache),
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      forceAuthn,
      signatureAlgorithm: config.signatureAlgorithm,
      digestAlgorithm: config.signatureAlgorithm,
      ...(requestId ? { generateUniqueId: () => requestId } : {}),
    };
    if (config.signing) {
      options.privateKey = config.signing.privateKey.value;
      options.publicCert = config.signing.certificate;
    }
    return { saml: new SAML(options), idp };
  }

  /** Everything node-saml does not check: algorithms, issuer, recipient, destination, times with our clock, replay. */
  async function checkAssertion(raw: ReturnType<typeof readRawDocument>, facts: AssertionFacts, idp: IdpSettings, now: Date) {
    const skew = config.clockSkew * 1000;
    if (idp.issuer && facts.issuer !== idp.issuer) {
      throw samlRefused('saml_wrong_issuer', `The sign-in answer does not come from ${label} (its issuer is '${facts.issuer ?? 'missing'}').`);
    }
    const destination = raw.attributes.Destination;
    if (destination !== undefined && destination !== acsUrl && !recipients.includes(destination)) {
      throw samlRefused('saml_wrong_destination', `The sign-in answer from ${label} was sent to another service (${destination}), not to this Roleport sign-in.`);
    }
    const bearer = facts.subjectConfirmations.filter((c) => c.method === BEARER);
    if (bearer.length !== 1) throw samlRefused('saml_invalid', `The sign-in answer from ${label} must have exactly one bearer subject confirmation.`);
    const confirmation = bearer[0];
    if (!confirmation.recipient || !recipients.includes(confirmation.recipient)) {
      throw samlRefused('saml_wrong_recipient', `The sign-in answer from ${label} is addressed to ${confirmation.recipient ?? 'no one'}, which this Roleport sign-in does not accept.`);
    }
    if (!confirmation.notOnOrAfter) throw samlRefused('saml_invalid', `The sign-in answer from ${label} has no expiry time (NotOnOrAfter).`);
    const expiries = [confirmation.notOnOrAfter, facts.conditions?.notOnOrAfter].filter((v): v is string => Boolean(v)).map((v) => Date.parse(v));
    const notBefores = [confirmation.notBefore, facts.conditions?.notBefore].filter((v): v is string => Boolean(v)).map((v) => Date.parse(v));
    if ([...expiries, ...notBefores].some(Number.isNaN)) throw samlRefused('saml_invalid', `The sign-in answer from ${label} has an unreadable time.`);
    const notOnOrAfter = Math.min(...expiries);
    if (now.getTime() - skew >= notOnOrAfter) throw samlRefused('saml_expired', `The sign-in answer from ${label} has expired. Sign in again.`);
    if (notBefores.some((t) => now.getTime() + skew < t)) {
      throw samlRefused('saml_not_yet_valid', `The sign-in answer from ${label} is not valid yet; the clocks of ${label} and Roleport disagree. Try again in a minute.`);
    }
    const responseInResponseTo = raw.attributes.InResponseTo;
    if (confirmation.inResponseTo && confirmation.inResponseTo !== responseInResponseTo) {
      throw samlRefused('saml_unsolicited', 'This sign-in answer does not match a sign-in started at Roleport. Start the sign-in again.');
    }
    if (!facts.id) throw samlRefused('saml_invalid', `The sign-in answer from ${label} has no assertion ID.`);
    const firstUse = await replayCache.rememberOnce(`saml:${facts.issuer ?? ''}:${facts.id}`, new Date(notOnOrAfter + skew));
    if (!firstUse) throw samlRefused('saml_replayed', 'This sign-in answer has already been used. Start the sign-in again.');
    return { notOnOrAfter: new Date(notOnOrAfter), recipient: confirmation.recipient };
  }

  function toIdentity(profile: Profile, facts: AssertionFacts, checked: { notOnOrAfter: Date; recipient: string }, samlResponse: string, now: Date): Identity {
    const attributes = normalizeAttributes(profile.attributes);
    const mapped = mapAttributes(attributes, profile.nameID, config);
    if (!mapped.username) {
      throw samlRefused('saml_no_username', `The sign-in answer from ${label} carries no user name (attributes ${(config.attributes.username ?? SAML_ATTRIBUTE_DEFAULTS.username).join(', ')}).`);
    }
    const sessionFacts: Record<string, string[]> = {};
    const keep = (key: string, value: unknown) => {
      if (typeof value === 'string' && value) sessionFacts[key] = [value];
    };
    keep(SAML_SESSION_KEYS.nameIdFormat, profile.nameIDFormat);
    keep(SAML_SESSION_KEYS.sessionIndex, profile.sessionIndex);
    keep(SAML_SESSION_KEYS.nameQualifier, profile.nameQualifier);
    keep(SAML_SESSION_KEYS.spNameQualifier, profile.spNameQualifier);
    const authTime = facts.authnInstant && !Number.isNaN(Date.parse(facts.authnInstant)) ? new Date(facts.authnInstant) : now;
    const identity: Identity = {
      subject: profile.nameID || mapped.username,
      username: mapped.username,
      displayName: mapped.displayName ?? mapped.username,
      email: mapped.email,
      groups: mapped.groups,
      attributes: { ...attributes, ...sessionFacts },
      source: config.id,
      // Only the AuthnContext classes the source names count as a second factor (none by default).
      mfa: facts.authnContextClasses.some((c) => config.mfa.authnContexts.includes(c)),
      authTime,
    };
    // The IdP's end of this sign-in: Roleport's session (and what it approves) ends there too.
    const sessionEnd = facts.sessionNotOnOrAfter ? Date.parse(facts.sessionNotOnOrAfter) : Number.NaN;
    if (Number.isFinite(sessionEnd)) identity.sessionEndsAt = new Date(sessionEnd);
    if (config.awsFederation) {
      const { roles, malformed } = readAwsRoles(attributes);
      if (malformed.length > 0) log.warn({ malformed: malformed.length }, 'SAML Role attribute values that are not <role-arn>,<saml-provider-arn> pairs were left out');
      if (roles.length === 0) {
        throw samlRefused('saml_no_aws_roles', `The AWS sign-in answer from ${label} names no AWS role (the https://aws.amazon.com/SAML/Attributes/Role attribute). Ask for access to an AWS role at ${label}.`);
      }
      const sessionName = readRoleSessionName(attributes);
      if (sessionName.problem) throw samlRefused('saml_bad_session_name', `The AWS sign-in answer from ${label} cannot be used: ${sessionName.problem}.`);
      const duration = readSessionDuration(attributes);
      if (duration.problem) throw samlRefused('saml_bad_session_duration', `The AWS sign-in answer from ${label} cannot be used: ${duration.problem}.`);
      identity.federation = {
        kind: 'saml',
        assertion: samlResponse,
        roles,
        notOnOrAfter: checked.notOnOrAfter,
        recipient: checked.recipient,
        sessionDuration: duration.value,
        roleSessionName: sessionName.value,
      };
    }
    return identity;
  }

  return {
    kind: 'redirect',
    id: config.id,
    type: 'saml',
    label,
    loginPath: `${path}/login`,
    config,
    awsFederation: config.awsFederation,
    entityId,
    acsUrl,
    sloUrl,
    recipients,
    metadata() {
      const certificates = config.signing ? [config.signing.certificate, ...(config.signing.nextCertificate ? [config.signing.nextCertificate] : [])] : [];
      return buildSpMetadata({ entityId, acsUrl, sloUrl, certificates, wantAssertionsSigned: true, authnRequestsSigned: Boolean(config.signing) });
    },
    async loginUrl(relayState, options = {}) {
      const requestId = `_${randomBytes(20).toString('hex')}`;
      const { saml, idp } = await samlClient(requestId, options.fresh === true);
      if (!idp.entryPoint) {
        throw new RoleportError({ status: 503, code: 'saml_no_entry_point', message: `${label} has no sign-in address (HTTP-Redirect SingleSignOnService) in its metadata.` });
      }
      return { url: await saml.getAuthorizeUrlAsync(relayState, undefined, {}), requestId };
    },
    requestIdOf(samlResponse) {
      if (typeof samlResponse !== 'string' || samlResponse.length > 200_000) return undefined;
      try {
        return readRawDocument(Buffer.from(samlResponse, 'base64').toString('utf8')).attributes.InResponseTo || undefined;
      } catch {
        return undefined;
      }
    },
    async completeSignIn(samlResponse, now) {
      if (typeof samlResponse !== 'string' || samlResponse.length < 20 || samlResponse.length > 200_000 || !/^[A-Za-z0-9+/=\s]+$/.test(samlResponse)) {
        throw samlRefused('saml_invalid', `No sign-in answer from ${label} was received (SAMLResponse is missing or malformed).`);
      }
      const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
      let raw: ReturnType<typeof readRawDocument>;
      try {
        raw = readRawDocument(xml);
      } catch (error) {
        throw samlRefused('saml_invalid', `The sign-in answer from ${label} is not a SAML response Roleport accepts.`, error);
      }
      if (raw.root !== 'Response') throw samlRefused('saml_invalid', `The sign-in answer from ${label} is not a SAML Response.`);
      if (raw.signatureMethods.length === 0) throw samlRefused('saml_bad_signature', `The sign-in answer is not signed by ${label} with a certificate Roleport trusts.`);
      const weak = weakAlgorithm(raw);
      if (weak) throw samlRefused('saml_weak_signature', `The sign-in answer from ${label} is signed with ${weak}; Roleport accepts RSA with SHA-256 or better.`);
      const { saml, idp } = await samlClient();
      let profile: Profile | null;
      try {
        ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
      } catch (error) {
        const { SamlStatusError } = await import('@node-saml/node-saml');
        const explained = explainSamlError(error, label, SamlStatusError, confirmationTiming(xml, now, config.clockSkew * 1000));
        log.info({ code: explained.code, reason: error instanceof Error ? error.message : String(error) }, 'SAML response refused');
        throw explained;
      }
      if (!profile?.getAssertion) throw samlRefused('saml_invalid', `The sign-in answer from ${label} holds no assertion.`);
      const facts = readAssertion(profile.getAssertion());
      const checked = await checkAssertion(raw, facts, idp, now);
      const identity = toIdentity(profile, facts, checked, samlResponse.replace(/\s+/g, ''), now);
      // Only an accepted answer uses up its request; of two answers to one request, one signs in.
      const requestId = raw.attributes.InResponseTo;
      if (requestId && !(await requestCache.removeAsync(requestId))) {
        throw samlRefused('saml_unsolicited', 'This sign-in answer does not match a sign-in started at Roleport. Start the sign-in again.');
      }
      return identity;
    },
    async logoutUrl(identity, relayState) {
      const { saml, idp } = await samlClient();
      if (!idp.logoutUrl) return undefined;
      const one = (key: string) => identity.attributes[key]?.[0];
      const profile: Profile = {
        issuer: idp.issuer ?? '',
        nameID: identity.subject,
        nameIDFormat: one(SAML_SESSION_KEYS.nameIdFormat) ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
        sessionIndex: one(SAML_SESSION_KEYS.sessionIndex),
        nameQualifier: one(SAML_SESSION_KEYS.nameQualifier),
        spNameQualifier: one(SAML_SESSION_KEYS.spNameQualifier),
      };
      return saml.getLogoutUrlAsync(profile, relayState, {});
    },
    async close() {
      const client = await redis?.catch(() => undefined);
      if (client?.isReady) await client.close().catch(() => client.destroy());
      else if (client?.isOpen) client.destroy();
    },
    async readLogoutMessage(input) {
      const { saml } = await samlClient();
      const fields = Object.keys(input.body).length > 0 ? input.body : input.query;
      const viaPost = Object.keys(input.body).length > 0;
      try {
        if (typeof fields.SAMLResponse === 'string') {
          const result = viaPost ? await saml.validatePostResponseAsync({ SAMLResponse: fields.SAMLResponse }) : await saml.validateRedirectAsync(input.query as Record<string, string>, input.originalQuery);
          if (!result.loggedOut) throw new Error('not a LogoutResponse');
          return { kind: 'response' };
        }
        if (typeof fields.SAMLRequest === 'string') {
          const result = viaPost
            ? await saml.validatePostRequestAsync({ SAMLRequest: fields.SAMLRequest })
            : await saml.validateRedirectAsync(input.query as Record<string, string>, input.originalQuery);
          const profile = result.profile;
          if (!profile || !result.loggedOut) throw new Error('not a LogoutRequest');
          const relayState = typeof fields.RelayState === 'string' ? fields.RelayState : '';
          return {
            kind: 'request',
            nameId: profile.nameID,
            sessionIndex: profile.sessionIndex,
            answer: (success) => saml.getLogoutResponseUrlAsync(profile, relayState, {}, success),
          };
        }
      } catch (error) {
        log.info({ reason: error instanceof Error ? error.message : String(error) }, 'SAML logout message refused');
        throw new RoleportError({ status: 400, code: 'saml_logout_invalid', message: `The sign-out message from ${label} could not be checked.`, cause: error });
      }
      throw new RoleportError({ status: 400, code: 'saml_logout_invalid', message: `No sign-out message from ${label} was received.` });
    },
  };
}

export function isSamlSource(source: IdentitySource | undefined): source is SamlSource {
  return source?.kind === 'redirect' && source.type === 'saml' && 'completeSignIn' in source && 'acsUrl' in source;
}
