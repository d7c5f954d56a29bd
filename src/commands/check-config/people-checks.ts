// What issuance would make of real people's names and attributes: every member of a granting group
// in the sources that can list members (the local users file always; LDAP only with --preflight,
// since it asks the directory), each checked for every role they hold.
import { buildAccessPolicy, resolveEntitlements } from '../../access/index.ts';
import { issuanceFindings } from '../../aws/index.ts';
import type { RoleportConfig } from '../../config/index.ts';
import { type IdentitySource, createIdentitySources } from '../../identity/index.ts';
import type { Logger } from '../../log.ts';
import type { Finding } from './findings.ts';

export async function peopleChecks(config: RoleportConfig, options: { logger: Logger; askDirectories: boolean }): Promise<Finding[]> {
  const policy = buildAccessPolicy(config);
  const patterns = [...new Map(policy.rules.filter((r) => r.grant.length > 0).flatMap((r) => r.groups).map((p) => [p.text.toLowerCase(), p])).values()];
  const sources: IdentitySource[] = createIdentitySources({ config, logger: options.logger, publicUrl: config.server.publicUrl ?? 'http://localhost' });
  const findings = new Map<string, Finding>();
  try {
    for (const source of sources) {
      const directory = source.kind === 'password' ? source.directory : undefined;
      if (!directory || (source.type !== 'local' && !options.askDirectories)) continue;
      try {
        const usernames = new Set<string>();
        for (const pattern of patterns) for (const group of await directory.membersOf(pattern)) for (const member of group.members) usernames.add(member.username);
        for (const username of usernames) {
          const person = await directory.lookUp(username);
          if (!person?.canSignIn) continue; // gone, disabled or locked: issues nothing
          for (const entitlement of resolveEntitlements(person.identity, policy)) {
            for (const f of issuanceFindings(person.identity, entitlement)) findings.set(f.message, { level: f.level, check: 'people', subject: `identity ${source.id}`, message: f.message });
          }
        }
      } catch (error) {
        findings.set(`${source.id} unreachable`, { level: 'problem', check: 'people', subject: `identity ${source.id}`, message: `the directory did not answer, so its people were not checked: ${(error as Error).message}` });
      }
    }
  } finally {
    for (const source of sources) await source.close?.();
  }
  return [...findings.values()];
}
