// AssumeRoleWithWebIdentity (unsigned): an OIDC ID token from a provider the role's account trusts
// (issuer, client id list, keys from its discovery document), then the role's trust policy with the
// provider's condition keys (`<host/path>:aud`, `:sub`), then a role session.
import { type JWTPayload, type ProtectedHeaderParameters, compactVerify, decodeJwt, decodeProtectedHeader, errors as joseErrors } from 'jose';
import { IdpUnreachable, type OidcProvider, ThumbprintMismatch, providerKeys } from '../../oidc-keys.ts';
import { StsError, accessDenied, validationError } from '../errors.ts';
import { assumedRoleUserXml, credentialsXml, issueRoleSession } from '../role-session.ts';
import { checkSessionPolicy, packedPolicySize } from '../session-policy.ts';
import { globalContext, requestContext } from '../trust-context.ts';
import { evaluateTrustPolicy } from '../../trust-policy.ts';
import { NAME_PATTERN, type Tag, Validation, checkDuplicateTags, readSessionPolicy } from '../validation.ts';
import type { StsAction } from './types.ts';

/** The algorithms STS accepts for web identity tokens. */
export const WEB_IDENTITY_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];
export const NOT_A_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
export const NO_VERIFICATION_KEY = "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements";
export const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity';
const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

const invalidToken = (message: string) => new StsError(400, 'InvalidIdentityToken', message);
const idpUnreachable = () => new StsError(400, 'IDPCommunicationError', NO_VERIFICATION_KEY);

/** The provider's name in ARNs and condition keys: the issuer URL without https:// (and a final /). */
export function providerName(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/$/, '');
}

function readToken(token: string): { header: ProtectedHeaderParameters; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    throw invalidToken(NOT_A_JWT);
  }
}

async function verifySignature(state: Parameters<typeof providerKeys>[0], provider: OidcProvider, token: string): Promise<void> {
  let keys;
  try {
    keys = await providerKeys(state, provider);
  } catch (error) {
    if (error instanceof IdpUnreachable) throw idpUnreachable();
    if (error instanceof ThumbprintMismatch) throw invalidToken("OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint");
    throw error;
  }
  try {
    await compactVerify(token, keys.getKey, { algorithms: WEB_IDENTITY_ALGORITHMS });
  } catch (error) {
    if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid || (error instanceof TypeError && /fetch/i.test(error.message))) throw idpUnreachable();
    if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys) throw invalidToken('No key in the identity provider\u2019s JWKS matches the web identity token\u2019s kid.');
    throw invalidToken('The web identity token\u2019s signature could not be verified with the identity provider\u2019s keys.');
  }
}

/** Session tags and transitive keys from the token's `https://aws.amazon.com/tags` claim. */
function tokenTags(claims: JWTPayload): { tags: Tag[]; transitiveTagKeys: string[] } {
  const claim = claims[TAGS_CLAIM] as { principal_tags?: Record<string, unknown>; transitive_tag_keys?: unknown } | undefined;
  if (claim === undefined) return { tags: [], transitiveTagKeys: [] };
  if (typeof claim !== 'object' || claim === null) throw invalidToken(`The ${TAGS_CLAIM} claim is not an object.`);
  const tags = Object.entries(claim.principal_tags ?? {}).map(([key, value]) => ({ key, value: String(Array.isArray(value) ? value[0] : value) }));
  const transitive = Array.isArray(claim.transitive_tag_keys) ? claim.transitive_tag_keys.map(String) : [];
  return { tags, transitiveTagKeys: transitive };
}

export const assumeRoleWithWebIdentity: StsAction = {
  signed: false,
  async handle(context) {
    const { params, state, now } = context;
    const v = new Validation();
    const roleArn = params.get('RoleArn');
    const sessionName = params.get('RoleSessionName');
    const token = params.get('WebIdentityToken');
    if (v.required(roleArn, 'roleArn')) v.text(roleArn, 'roleArn', 20, 2048);
    if (v.required(sessionName, 'roleSessionName')) v.text(sessionName, 'roleSessionName', 2, 64, NAME_PATTERN);
    if (v.required(token, 'webIdentityToken')) v.text(token, 'webIdentityToken', 4, 20000);
    const { policy, policyArns } = readSessionPolicy(params, v);
    v.text(params.get('ProviderId'), 'providerId', 4, 2048);
    const duration = v.integer(params.get('DurationSeconds'), 'durationSeconds', 900, 43200);
    v.throwIfAny();
    if (policy !== undefined) checkSessionPolicy(policy);

    // The token, and the OIDC provider of the role's account that issued it.
    const jwt = token as string;
    const { header, claims } = readToken(jwt);
    if (typeof claims.iss !== 'string') throw invalidToken(NOT_A_JWT);
    const account = /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn as string)?.[1];
    const provider = state.oidcProviders.find((p) => p.account === account && providerName(p.issuer) === providerName(claims.iss as string));
    if (!provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${claims.iss}`);
    if (!WEB_IDENTITY_ALGORITHMS.includes(String(header.alg))) {
      throw invalidToken(`The web identity token is signed with '${String(header.alg)}'; STS accepts ${WEB_IDENTITY_ALGORITHMS.join(', ')}.`);
    }
    await verifySignature(state, provider, jwt);

    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (typeof claims.exp !== 'number') throw invalidToken('The web identity token has no exp claim.');
    if (claims.exp <= nowSeconds) throw new StsError(400, 'ExpiredTokenException', `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${claims.exp}`);
    const audiences = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
    const audience = audiences.find((a) => provider.clientIds.includes(a));
    if (audience === undefined) throw invalidToken('Incorrect token audience');
    if (typeof claims.sub !== 'string' || claims.sub === '') throw invalidToken('The web identity token has no sub claim.');

    // The role and its trust policy, with the provider's condition keys.
    const role = state.rolesByArn.get(roleArn as string);
    if (!role) throw accessDenied(NOT_AUTHORIZED);
    const durationSeconds = duration ?? 3600;
    if (durationSeconds > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const { tags, transitiveTagKeys } = tokenTags(claims);
    checkDuplicateTags(tags);
    const sourceIdentity = typeof claims[SOURCE_IDENTITY_CLAIM] === 'string' ? (claims[SOURCE_IDENTITY_CLAIM] as string) : undefined;
    const packed = packedPolicySize(policy, policyArns, tags);
    const name = providerName(provider.issuer);
    const providerArn = `arn:${state.partition}:iam::${provider.account}:oidc-provider/${name}`;
    const conditionContext = {
      ...globalContext(context.facts),
      ...requestContext({ roleSessionName: sessionName, sourceIdentity, tags, transitiveTagKeys }),
      'aws:FederatedProvider': providerArn,
      [`${name}:aud`]: audience,
      [`${name}:sub`]: claims.sub,
      [`${name}:azp`]: typeof claims.azp === 'string' ? claims.azp : undefined,
    };
    const actions = ['sts:AssumeRoleWithWebIdentity'];
    if (tags.length > 0) actions.push('sts:TagSession');
    if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
    for (const action of actions) {
      const { decision } = evaluateTrustPolicy(role.trustPolicy, { principal: { type: 'Federated', provider: providerArn }, action, context: conditionContext });
      if (decision !== 'allow') throw accessDenied(NOT_AUTHORIZED);
    }

    const issued = issueRoleSession(state, now, {
      role,
      sessionName: sessionName as string,
      durationSeconds,
      sourceIdentity,
      tags,
      transitiveTagKeys,
      chained: false,
      console: 'session-duration',
      issuedBy: 'AssumeRoleWithWebIdentity',
    });
    return {
      Credentials: credentialsXml(issued),
      SubjectFromWebIdentityToken: claims.sub,
      AssumedRoleUser: assumedRoleUserXml(issued),
      PackedPolicySize: packed,
      Provider: claims.iss,
      Audience: audience,
      SourceIdentity: sourceIdentity,
    };
  },
};
