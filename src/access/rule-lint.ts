// Checks of the rules against the roles, for `roleport check-config`: grants naming accounts or roles
// that do not exist, roles nobody is granted, rules that grant nothing, and grants a deny always
// takes away. Pure: the same compiled policy the broker evaluates.
import { type AccessPolicy, type CompiledRule, ruleName } from './rules.ts';

export type RuleFinding = { level: 'problem' | 'warning'; subject: string; message: string };

const HAS_WILDCARD = /[*?]/;

/** Whether `deny`'s groups always match whoever `group` (a pattern of another rule) matches. */
function covers(deny: CompiledRule, group: string): boolean {
  return deny.groups.some((pattern) => (HAS_WILDCARD.test(group) ? pattern.text === group || pattern.text === '*' : pattern.matches(group)));
}

export function lintRules(policy: AccessPolicy): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const accounts = new Set((policy.accounts ?? [...policy.roles.values()].map((r) => r.account)).map((a) => a.name));
  const keys = [...policy.roles.keys()];
  const granted = new Set<string>();
  for (const rule of policy.rules) {
    const subject = ruleName(rule);
    for (const pattern of [...rule.grant, ...rule.deny]) {
      const account = pattern.text.split('/')[0];
      if (!HAS_WILDCARD.test(account) && !accounts.has(account)) findings.push({ level: 'problem', subject, message: `'${pattern.text}' names the account '${account}', which is not in accounts (${[...accounts].join(', ') || 'none'})` });
      else if (!keys.some((key) => pattern.matches(key))) findings.push({ level: 'problem', subject, message: `'${pattern.text}' matches no configured role` });
    }
    const grants = keys.filter((key) => rule.grant.some((p) => p.matches(key)));
    for (const key of grants) granted.add(key);
    if (rule.grant.length > 0 && grants.length === 0) findings.push({ level: 'problem', subject, message: 'grants nothing: none of its grant patterns matches a configured role' });
    for (const key of grants) {
      const denies = policy.rules.filter((other) => other !== rule && other.deny.some((p) => p.matches(key)));
      const shadowed = rule.groups.every((group) => denies.some((deny) => covers(deny, group.text)));
      if (shadowed) findings.push({ level: 'problem', subject, message: `its grant of ${key} never takes effect: ${denies.map(ruleName).join(', ')} ${denies.length === 1 ? 'denies' : 'deny'} it to the same groups (${rule.groups.map((g) => g.text).join(', ')})` });
    }
  }
  for (const key of keys) if (!granted.has(key)) findings.push({ level: 'problem', subject: `role ${key}`, message: 'no rule grants it: nobody can use it' });
  return findings;
}
