// The preflight of `roleport check-config --preflight`: for each assume-role and federation-token
// role, probe calls to the configured STS as Roleport would make them (session name
// `roleport-preflight`), then narrower ones to tell why a call is refused: a trust policy that does not
// allow Roleport, an ExternalId, session tags, SourceIdentity, the role's maximum duration, and whether
// a role that needs MFA lets in a session without Roleport's mfa tag. The keys STS hands out are dropped.
import { AssumeRoleCommand, GetFederationTokenCommand, type Tag } from '@aws-sdk/client-sts';
import type { Role } from '../access/index.ts';
import { MFA_SESSION_TAG_KEYS, type RoleportConfig } from '../config/index.ts';
import { isRoleportError } from '../errors.ts';
import { brokerCredentialsFromConfig } from './broker-credentials.ts';
import { callerArn } from './caller-identity.ts';
import { sessionPolicyFor } from './session-policy.ts';
import { createStsClients } from './sts-client.ts';
import { stsErrorCode } from './sts-errors.ts';

export const PROBE_NAME = 'roleport-preflight';
const MIN_DURATION = 900;

export type PreflightFinding = { level: 'problem' | 'warning' | 'ok' | 'not-checked'; subject: string; message: string };
export type PreflightRole = { role: Role; needsMfa: boolean };

type Attempt = { ok: true } | { ok: false; code: string; message: string };

type AssumeOptions = { duration?: number; tags?: boolean; mfaTags?: boolean; sourceIdentity?: boolean; externalId?: boolean };

export async function preflight(config: RoleportConfig, roles: PreflightRole[]): Promise<{ principal?: string; findings: PreflightFinding[] }> {
  const clients = createStsClients({ aws: config.aws, broker: brokerCredentialsFromConfig(config) });
  const findings: PreflightFinding[] = [];
  const attempt = async (role: Role, action: string, send: Parameters<typeof clients.call>[2]): Promise<Attempt> => {
    try {
      await clients.call(role.partition, { action, roleArn: role.arn, roleKey: role.key }, send);
      return { ok: true };
    } catch (error) {
      const cause = isRoleportError(error) ? error.cause : error;
      return { ok: false, code: isRoleportError(error) && error.status >= 503 ? error.code : stsErrorCode(cause), message: (cause as Error | undefined)?.message ?? String(error) };
    }
  };
  try {
    let principal: string | undefined;
    const first = roles[0]?.role;
    if (first) {
      principal = await callerArn(clients, first).catch(() => undefined);
    }
    for (const { role, needsMfa } of roles) {
      const say = (level: PreflightFinding['level'], message: string) => findings.push({ level, subject: `role ${role.key}`, message });
      if (role.method === 'web-identity') {
        say('not-checked', "web-identity: not checkable without a person's token (AssumeRoleWithWebIdentity needs their OIDC token)");
        continue;
      }
      if (role.method === 'federation-token') {
        await probeFederationToken(role, (send) => attempt(role, 'GetFederationToken', send), say);
        continue;
      }
      await probeAssumeRole(role, needsMfa, principal, (options) => attempt(role, 'AssumeRole', assumeRoleCall(role, options)), say);
    }
    return { principal, findings };
  } finally {
    clients.close();
  }
}

function probeTags(role: Role, options: AssumeOptions): Tag[] {
  const tags: Tag[] = options.tags ? Object.keys(role.sessionTags).map((key) => ({ Key: key, Value: PROBE_NAME })) : [];
  if (options.mfaTags) tags.push({ Key: MFA_SESSION_TAG_KEYS[0], Value: 'true' }, { Key: MFA_SESSION_TAG_KEYS[1], Value: 'totp' });
  return tags;
}

function assumeRoleCall(role: Role, options: AssumeOptions): Parameters<ReturnType<typeof createStsClients>['call']>[2] {
  const tags = probeTags(role, options);
  return (client, sendOptions) =>
    client.send(new AssumeRoleCommand({
      RoleArn: role.arn,
      RoleSessionName: PROBE_NAME,
      DurationSeconds: options.duration ?? MIN_DURATION,
      Tags: tags.length > 0 ? tags : undefined,
      SourceIdentity: options.sourceIdentity ? PROBE_NAME : undefined,
      ExternalId: options.externalId ? role.externalId?.value : undefined,
    }), sendOptions);
}

type Say = (level: PreflightFinding['level'], message: string) => void;

async function probeAssumeRole(role: Role, needsMfa: boolean, principal: string | undefined, assume: (options: AssumeOptions) => Promise<Attempt>, say: Say): Promise<void> {
  const tagged = Object.keys(role.sessionTags).length > 0;
  const external = role.externalId !== undefined;
  const roleport = principal ? `Roleport (${principal})` : 'Roleport';
  const whole = await assume({ duration: role.maxDuration, tags: tagged, mfaTags: needsMfa, sourceIdentity: role.sourceIdentity, externalId: external });
  if (!whole.ok && whole.code.startsWith('sts_')) return say('problem', `STS did not answer the probe (${whole.code}): ${whole.message}`);
  // The narrowest call Roleport makes: its ExternalId, and the mfa tags a role that needs MFA always carries.
  const bare = await assume({ externalId: external, mfaTags: needsMfa });
  const untagged = needsMfa ? await assume({ externalId: external }) : bare;
  if (!bare.ok && !untagged.ok) {
    // A role that needs MFA refuses both: the untagged call for its mfa condition, the tagged one because
    // the policy lacks sts:TagSession, which AWS names (it checks sts:AssumeRole first).
    if (needsMfa && /\bsts:TagSession\b/.test(bare.message)) return say('problem', `the trust policy refuses session tags from ${roleport}: it must allow sts:TagSession`);
    const without = external ? await assume({ mfaTags: needsMfa }) : bare;
    if (external && without.ok) return say('problem', 'the trust policy refuses the ExternalId Roleport sends (externalId): it expects another one, or none');
    const why = external ? ' with the ExternalId it sends (compare externalId with the sts:ExternalId of the trust policy)' : ', or it needs an ExternalId (sts:ExternalId) and the role has no externalId';
    return say('problem', `the trust policy does not allow ${roleport} to assume it${why} — AWS said: ${bare.message}`);
  }
  if (external) {
    if ((await assume({ mfaTags: needsMfa })).ok) say('warning', 'the trust policy does not require the ExternalId Roleport sends: whoever it trusts may assume the role without it');
    else say('ok', 'needs an ExternalId, and Roleport sends the right one');
  }
  if (!whole.ok) {
    if ((tagged || needsMfa) && !(await assume({ externalId: external, tags: tagged, mfaTags: needsMfa })).ok)
      say('problem', `the trust policy refuses session tags from ${roleport}: it must allow sts:TagSession`);
    if (role.sourceIdentity && !(await assume({ externalId: external, mfaTags: needsMfa && bare.ok, sourceIdentity: true })).ok)
      say('problem', `the trust policy refuses SourceIdentity from ${roleport}: it must allow sts:SetSourceIdentity (or set sourceIdentity: false)`);
    if (role.maxDuration > MIN_DURATION) {
      const long = await assume({ externalId: external, mfaTags: needsMfa && bare.ok, duration: role.maxDuration });
      if (!long.ok && long.code !== 'AccessDenied') say('problem', `maxDuration ${role.maxDuration} s is refused (the role's MaxSessionDuration, or the 1-hour cap on role chaining) — AWS said: ${long.message}`);
    }
  }
  if (needsMfa && untagged.ok)
    say('problem', "the role needs a second factor, but its trust policy lacks the MFA condition: a session without Roleport's mfa tag is let in (add Condition StringEquals aws:RequestTag/mfa: 'true')");
  if (whole.ok) say('ok', `AssumeRole as Roleport calls it works (duration ${role.maxDuration} s${tagged || needsMfa ? ', session tags' : ''}${role.sourceIdentity ? ', SourceIdentity' : ''}${external ? ', ExternalId' : ''})`);
}

async function probeFederationToken(role: Role, call: (send: Parameters<ReturnType<typeof createStsClients>['call']>[2]) => Promise<Attempt>, say: Say): Promise<void> {
  const tags = probeTags(role, { tags: true });
  const request = (withTags: boolean) => call((client, options) => client.send(new GetFederationTokenCommand({ Name: PROBE_NAME, DurationSeconds: role.maxDuration, Tags: withTags && tags.length > 0 ? tags : undefined, ...sessionPolicyFor(role) }), options));
  const whole = await request(true);
  if (whole.ok) return say('ok', `GetFederationToken as Roleport calls it works (duration ${role.maxDuration} s)`);
  if (tags.length > 0 && (await request(false)).ok) return say('problem', "Roleport's IAM user may not tag federation sessions: its policy must allow sts:TagSession");
  say('problem', `GetFederationToken is refused: Roleport's credentials must be an IAM user's long-term keys whose policy allows sts:GetFederationToken — AWS said: ${whole.message}`);
}
