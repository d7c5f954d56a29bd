// The checks of a loaded configuration that call nothing: the roles' issuance settings, the rules,
// and durations AWS will refuse (role chaining, the sandbox roles' MaxSessionDuration).
import { buildAccessPolicy, lintRules } from '../../access/index.ts';
import { issuerConfigProblems } from '../../aws/index.ts';
import type { RoleportConfig } from '../../config/index.ts';
import type { Finding } from './findings.ts';

const ROLE_CHAINING_MAX = 3600;

function durationFindings(config: RoleportConfig): Finding[] {
  const findings: Finding[] = [];
  const credentials = config.aws.credentials;
  const temporary = typeof credentials === 'object' && 'sessionToken' in credentials && credentials.sessionToken !== undefined;
  const accounts = new Map(config.accounts.map((a) => [a.name, a.id]));
  for (const role of config.roles) {
    const subject = `role ${role.account}/${role.name}`;
    const say = (level: Finding['level'], message: string) => findings.push({ level, check: 'durations', subject, message });
    if (role.method === 'assume-role' && role.maxDuration > ROLE_CHAINING_MAX) {
      if (temporary) say('problem', `maxDuration is ${role.maxDuration} s, but aws.credentials carry a session token: AssumeRole with temporary credentials is role chaining, which AWS caps at 1 hour`);
      else if (credentials === 'default') say('warning', `maxDuration is ${role.maxDuration} s: if Roleport's AWS identity is a role (EC2, ECS, EKS), AssumeRole is role chaining and AWS caps it at 1 hour`);
    }
    const sandboxRole = config.sandbox?.roles.find((r) => r.account === accounts.get(role.account) && r.name === role.name && r.path === role.path);
    if (sandboxRole && role.method !== 'federation-token' && role.maxDuration > sandboxRole.maxSessionDuration)
      say('problem', `maxDuration is ${role.maxDuration} s, more than the role's MaxSessionDuration in the sandbox (${sandboxRole.maxSessionDuration} s): AWS refuses such a DurationSeconds`);
  }
  return findings;
}

export function offlineChecks(config: RoleportConfig): Finding[] {
  return [
    ...issuerConfigProblems(config).map((message): Finding => ({ level: 'problem', check: 'config', subject: message.replace(/:.*$/, ''), message: message.replace(/^[^:]*: /, '') })),
    ...lintRules(buildAccessPolicy(config)).map((f): Finding => ({ ...f, check: 'rules' })),
    ...durationFindings(config),
  ];
}
