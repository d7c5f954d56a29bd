// AssumeRoleWithSAML (unsigned): a SAML response signed with the keys of an IAM SAML provider of the
// role's account, Audience urn:amazon:webservices, a Role attribute pair naming this role and provider,
// then the role's trust policy with SAML:aud = the Recipient, then a role session.
import { metadataCertificates, nameQualifier, principalTags, rolePairs, sessionNameValues, sourceIdentityValue, verifySamlResponse, type SamlProviderKeys, type VerifiedSamlAssertion } from '../../saml-assertion.ts';
import type { SandboxState } from '../../state.ts';
import { evaluateTrustPolicy } from '../../trust-policy.ts';
import { StsError, accessDenied, validationError } from '../errors.ts';
import { assumedRoleUserXml, credentialsXml, issueRoleSession } from '../role-session.ts';
import { checkSessionPolicy, packedPolicySize } from '../session-policy.ts';
import { globalContext, requestContext } from '../trust-context.ts';
import { checkDuplicateTags, readSessionPolicy, Validation } from '../validation.ts';
import type { StsAction } from './types.ts';

export const NOT_AUTHORIZED_SAML = 'Not authorized to perform sts:AssumeRoleWithSAML';
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const PROVIDER_ARN = /^arn:[\w-]+:iam::(\d{12}):saml-provider\/([\w._-]{1,128})$/;

const invalidToken = (message: string) => new StsError(400, 'InvalidIdentityToken', message);
const expired = (message: string) => new StsError(400, 'ExpiredTokenException', message);

/** Each provider's certificates, read once per sandbox state. */
const keysByState = new WeakMap<SandboxState, Map<string, SamlProviderKeys>>();
function providerKeys(state: SandboxState, arn: string): SamlProviderKeys | undefined {
  let keys = keysByState.get(state);
  if (!keys) {
    keys = new Map();
    for (const provider of state.samlProviders ?? []) {
      const providerArn = `arn:${state.partition}:iam::${provider.account}:saml-provider/${provider.name}`;
      const certificates = provider.certificate ? [provider.certificate] : metadataCertificates(provider.metadataXml ?? '');
      keys.set(providerArn, { arn: providerArn, account: provider.account, name: provider.name, certificates });
    }
    keysByState.set(state, keys);
  }
  return keys.get(arn);
}

function checkTimes(assertion: VerifiedSamlAssertion, now: Date): { recipient: string; notOnOrAfter: number } {
  if (assertion.confirmations.length !== 1) throw invalidToken('The SAML assertion must contain exactly one SubjectConfirmation.');
  const [confirmation] = assertion.confirmations;
  if (!confirmation.notOnOrAfter || !confirmation.recipient) throw invalidToken('The SubjectConfirmationData of the SAML assertion must contain NotOnOrAfter and Recipient.');
  const times = [confirmation.notOnOrAfter, assertion.conditions?.notOnOrAfter].filter((t): t is string => Boolean(t)).map((t) => Date.parse(t));
  const starts = [confirmation.notBefore, assertion.conditions?.notBefore].filter((t): t is string => Boolean(t)).map((t) => Date.parse(t));
  if ([...times, ...starts].some(Number.isNaN)) throw invalidToken('The SAML assertion has an unreadable time.');
  const notOnOrAfter = Math.min(...times);
  if (now.getTime() >= notOnOrAfter) throw expired(`The SAML assertion is expired: NotOnOrAfter ${new Date(notOnOrAfter).toISOString()} is not after the current time ${now.toISOString()}.`);
  if (starts.some((t) => now.getTime() < t)) throw invalidToken('The SAML assertion is not yet valid (NotBefore).');
  return { recipient: confirmation.recipient, notOnOrAfter };
}

export const assumeRoleWithSaml: StsAction = {
  signed: false,
  async handle(context) {
    const { params, state, now } = context;
    const v = new Validation();
    const roleArn = params.get('RoleArn');
    const principalArn = params.get('PrincipalArn');
    const samlAssertion = params.get('SAMLAssertion');
    if (v.required(roleArn, 'roleArn')) v.text(roleArn, 'roleArn', 20, 2048);
    if (v.required(principalArn, 'principalArn')) v.text(principalArn, 'principalArn', 20, 2048);
    if (v.required(samlAssertion, 'sAMLAssertion')) v.text(samlAssertion, 'sAMLAssertion', 4, 100000);
    const { policy, policyArns } = readSessionPolicy(params, v);
    const duration = v.integer(params.get('DurationSeconds'), 'durationSeconds', 900, 43200);
    v.throwIfAny();
    if (policy !== undefined) checkSessionPolicy(policy);

    // The provider named by PrincipalArn, and the response signed with its keys.
    const provider = PROVIDER_ARN.test(principalArn as string) ? providerKeys(state, principalArn as string) : undefined;
    if (!provider) throw invalidToken(`SAML provider ${principalArn} does not exist in this account.`);
    let assertion: VerifiedSamlAssertion;
    try {
      assertion = await verifySamlResponse(samlAssertion as string, provider);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (/audience/i.test(reason)) throw invalidToken('The SAML assertion is not for AWS: its Audience must be urn:amazon:webservices.');
      throw invalidToken('The SAML assertion could not be validated with the certificates of the SAML provider.');
    }
    const { recipient } = checkTimes(assertion, now);

    // The Role attribute must pair this role with this provider.
    const pairs = rolePairs(assertion.attributes);
    if (!pairs.some((p) => p.roleArn === roleArn && p.providerArn === principalArn)) throw accessDenied(NOT_AUTHORIZED_SAML);
    const names = sessionNameValues(assertion.attributes);
    if (names.length !== 1) throw invalidToken('The SAML assertion must carry exactly one https://aws.amazon.com/SAML/Attributes/RoleSessionName value.');
    const sessionName = names[0];
    if (!SESSION_NAME.test(sessionName)) throw invalidToken(`RoleSessionName '${sessionName}' in the SAML assertion is not 2-64 characters of letters, digits and _+=,.@-.`);

    const role = state.rolesByArn.get(roleArn as string);
    if (!role || role.account !== provider.account) throw accessDenied(NOT_AUTHORIZED_SAML);
    const requested = duration ?? 3600;
    if (requested > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    // The session ends at the shorter of DurationSeconds and the assertion's SessionNotOnOrAfter.
    const sessionEnd = assertion.sessionNotOnOrAfter ? Date.parse(assertion.sessionNotOnOrAfter) : Number.NaN;
    const durationSeconds = Number.isNaN(sessionEnd) ? requested : Math.max(1, Math.min(requested, Math.floor((sessionEnd - now.getTime()) / 1000)));

    const { tags, transitiveTagKeys } = principalTags(assertion.attributes);
    checkDuplicateTags(tags);
    const sourceIdentity = sourceIdentityValue(assertion.attributes);
    const packed = packedPolicySize(policy, policyArns, tags);
    const subjectType = assertion.nameIdFormat?.replace(/^urn:oasis:names:tc:SAML:[\d.]+:nameid-format:/, '') ?? 'unspecified';
    const qualifier = nameQualifier(assertion.issuer, provider.account, provider.name);
    const conditionContext = {
      ...globalContext(context.facts),
      ...requestContext({ roleSessionName: sessionName, sourceIdentity, tags, transitiveTagKeys }),
      'aws:FederatedProvider': provider.arn,
      'SAML:aud': recipient,
      'SAML:iss': assertion.issuer,
      'SAML:sub': assertion.nameId,
      'SAML:sub_type': subjectType,
      'SAML:namequalifier': qualifier,
    };
    const actions = ['sts:AssumeRoleWithSAML'];
    if (tags.length > 0) actions.push('sts:TagSession');
    if (sourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
    for (const action of actions) {
      const { decision } = evaluateTrustPolicy(role.trustPolicy, { principal: { type: 'Federated', provider: provider.arn }, action, context: conditionContext });
      if (decision !== 'allow') throw accessDenied(NOT_AUTHORIZED_SAML);
    }

    const issued = issueRoleSession(state, now, {
      role,
      sessionName,
      durationSeconds,
      sourceIdentity,
      tags,
      transitiveTagKeys,
      chained: false,
      console: 'session-duration',
      issuedBy: 'AssumeRoleWithSAML',
    });
    return {
      Credentials: credentialsXml(issued),
      AssumedRoleUser: assumedRoleUserXml(issued),
      PackedPolicySize: packed,
      Subject: assertion.nameId,
      SubjectType: subjectType,
      Issuer: assertion.issuer,
      Audience: recipient,
      NameQualifier: qualifier,
      SourceIdentity: sourceIdentity,
    };
  },
};
