// AWS's revoke-older-sessions policy (aws-federation-facts §5): the inline policy AWSRevokeOlderSessions
// denies every action to sessions whose token was issued before a moment; later sessions are untouched.

export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/**
 * The moment sessions issued before are refused: now rounded up to the next whole second, so a session
 * issued earlier in this very second (its TokenIssueTime has whole seconds) is refused too.
 */
export function revocationCutoff(now: Date): Date {
  return new Date((Math.floor(now.getTime() / 1000) + 1) * 1000);
}

export function revokePolicyDocument(cutoff: Date): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff.toISOString().replace(/\.\d{3}Z$/, 'Z') } } }],
  });
}

/** The cutoff a policy document (URL-encoded, as GetRolePolicy returns it) revokes before; undefined when it names none. */
export function cutoffOf(encodedDocument: string): Date | undefined {
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(decodeURIComponent(encodedDocument)) as { Statement?: unknown };
  } catch {
    return undefined;
  }
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  for (const statement of statements as { Effect?: unknown; Condition?: { DateLessThan?: Record<string, unknown> } }[]) {
    const value = statement?.Effect === 'Deny' ? statement.Condition?.DateLessThan?.['aws:TokenIssueTime'] : undefined;
    const at = typeof value === 'string' ? new Date(value) : undefined;
    if (at && !Number.isNaN(at.getTime())) return at;
  }
  return undefined;
}
