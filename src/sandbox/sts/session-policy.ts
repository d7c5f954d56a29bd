// Session policies (Policy, PolicyArns) and tags: the JSON checks behind MalformedPolicyDocument and
// the packed-size percentage STS reports (PackedPolicySize) and refuses above 100.
import { deflateRawSync } from 'node:zlib';
import { malformedPolicy, packedPolicyTooLarge } from './errors.ts';
import type { Tag } from './validation.ts';

/** Checks an inline session policy's JSON structure (its length and characters are checked before). */
export function checkSessionPolicy(policy: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw malformedPolicy('The policy is not in the valid JSON format.');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw malformedPolicy('Syntax errors in policy.');
  const { Version, Statement, Id, ...rest } = doc as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (Id !== undefined && typeof Id !== 'string')) throw malformedPolicy('Syntax errors in policy.');
  if (Version !== undefined && Version !== '2012-10-17' && Version !== '2008-10-17') throw malformedPolicy('The policy must contain a valid version string');
  const statements = Array.isArray(Statement) ? Statement : Statement === undefined ? [] : [Statement];
  if (statements.length === 0) throw malformedPolicy('Syntax errors in policy.');
  for (const s of statements) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) throw malformedPolicy('Syntax errors in policy.');
    const st = s as Record<string, unknown>;
    if ('Principal' in st || 'NotPrincipal' in st) throw malformedPolicy('Policy document should not specify a principal.');
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw malformedPolicy('Syntax errors in policy.');
    if ((st.Action === undefined) === (st.NotAction === undefined)) throw malformedPolicy('Syntax errors in policy.');
    if ((st.Resource === undefined) === (st.NotResource === undefined)) throw malformedPolicy('Syntax errors in policy.');
    for (const key of Object.keys(st))
      if (!['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'].includes(key)) throw malformedPolicy('Syntax errors in policy.');
  }
}

/** The packed size of session policies and tags as a percentage of STS's allowance; refused above 100. */
export function packedPolicySize(policy: string | undefined, policyArns: readonly string[], tags: readonly Tag[]): number | undefined {
  if (policy === undefined && policyArns.length === 0 && tags.length === 0) return undefined;
  const minified = policy === undefined ? '' : JSON.stringify(JSON.parse(policy));
  const packed = deflateRawSync(Buffer.from([minified, ...policyArns, ...tags.map((t) => `${t.key}=${t.value}`)].join('\n')));
  const percent = Math.max(1, Math.ceil((packed.length * 100) / 2048));
  if (percent > 100) throw packedPolicyTooLarge(percent);
  return percent;
}
