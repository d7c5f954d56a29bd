// Checks the claims a source requires (e.g. email_verified: true, hd: example.com) before anyone signs in.
import { type Claims, readClaim } from './claims.ts';

type Scalar = string | number | boolean;
export type RequiredClaims = Record<string, Scalar | Scalar[]>;

export type UnmetClaim = { claim: string; expected: Scalar[]; found?: string };

// Providers differ on types ("true" vs true), so values compare as text.
const asText = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v) => ['string', 'number', 'boolean'].includes(typeof v)).map(String) : ['string', 'number', 'boolean'].includes(typeof value) ? [String(value)] : [];

/** The first requirement the claims do not meet, or undefined when all are met. */
export function findUnmetClaim(claims: Claims, required: RequiredClaims): UnmetClaim | undefined {
  for (const [claim, wanted] of Object.entries(required)) {
    const expected = Array.isArray(wanted) ? wanted : [wanted];
    const value = readClaim(claims, claim);
    const have = asText(value);
    if (!have.some((v) => expected.map(String).includes(v))) {
      return { claim, expected, found: value === undefined ? undefined : have.join(' ') || JSON.stringify(value).slice(0, 60) };
    }
  }
  return undefined;
}

/** What the person reads when a requirement is not met: which claim, which value. */
export function describeUnmetClaim(unmet: UnmetClaim, provider: string): string {
  const wanted = unmet.expected.length === 1 ? `'${String(unmet.expected[0])}'` : `one of ${unmet.expected.map((v) => `'${String(v)}'`).join(', ')}`;
  const got = unmet.found === undefined ? `${provider} did not send it` : `${provider} sent '${unmet.found}'`;
  return `Roleport requires the claim '${unmet.claim}' to be ${wanted}; ${got}.`;
}
