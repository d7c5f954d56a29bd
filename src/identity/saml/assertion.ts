// Reads the facts Roleport checks from a verified assertion (node-saml's xml2js form): ID, issuer,
// subject confirmation, conditions, authentication statement.
type XmlNode = { $?: Record<string, string>; _?: string; [child: string]: unknown };

export type AssertionFacts = {
  id?: string;
  issuer?: string;
  nameId?: string;
  subjectConfirmations: { method?: string; recipient?: string; notBefore?: string; notOnOrAfter?: string; inResponseTo?: string }[];
  conditions?: { notBefore?: string; notOnOrAfter?: string };
  audiences: string[];
  authnInstant?: string;
  sessionNotOnOrAfter?: string;
  authnContextClasses: string[];
};

const children = (node: XmlNode | undefined, name: string): XmlNode[] => {
  const value = node?.[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
};
const text = (node: XmlNode | undefined): string | undefined => (typeof node === 'string' ? node : node?._);

export function readAssertion(parsed: Record<string, unknown>): AssertionFacts {
  const assertion = (parsed.Assertion ?? {}) as XmlNode;
  const subject = children(assertion, 'Subject')[0];
  const conditions = children(assertion, 'Conditions')[0];
  const authn = children(assertion, 'AuthnStatement')[0];
  return {
    id: assertion.$?.ID,
    issuer: text(children(assertion, 'Issuer')[0]),
    nameId: text(children(subject, 'NameID')[0]),
    subjectConfirmations: children(subject, 'SubjectConfirmation').map((confirmation) => {
      const data = children(confirmation, 'SubjectConfirmationData')[0]?.$ ?? {};
      return { method: confirmation.$?.Method, recipient: data.Recipient, notBefore: data.NotBefore, notOnOrAfter: data.NotOnOrAfter, inResponseTo: data.InResponseTo };
    }),
    conditions: conditions ? { notBefore: conditions.$?.NotBefore, notOnOrAfter: conditions.$?.NotOnOrAfter } : undefined,
    audiences: children(conditions, 'AudienceRestriction').flatMap((r) => children(r, 'Audience')).map((a) => text(a) ?? ''),
    authnInstant: authn?.$?.AuthnInstant,
    sessionNotOnOrAfter: authn?.$?.SessionNotOnOrAfter,
    authnContextClasses: children(authn, 'AuthnContext').flatMap((c) => children(c, 'AuthnContextClassRef')).map((c) => text(c) ?? ''),
  };
}
