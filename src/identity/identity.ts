// Identity: the one currency between the identity sources and the rest of the broker.
// No LDAP entry, SAML document or token claim set leaks past this shape.

export type SamlFederation = {
  kind: 'saml';
  /** The base64 SAML Response as received, passed to AssumeRoleWithSAML unchanged. */
  assertion: string;
  roles: { roleArn: string; providerArn: string }[];
  notOnOrAfter: Date;
  /** Recipient of the assertion (AWS evaluates SAML:aud from it). */
  recipient?: string;
  sessionDuration?: number;
  roleSessionName?: string;
};

export type OidcFederation = { kind: 'oidc'; idToken: string; expiresAt: Date };

export type Identity = {
  subject: string;
  username: string;
  displayName: string;
  email?: string;
  groups: string[];
  attributes: Record<string, string[]>;
  /** The id of the identity source that vouched for this person. */
  source: string;
  mfa: boolean;
  authTime: Date;
  /** When the source last looked the person up again (session.recheckAfter); authTime until then. */
  checkedAt?: Date;
  /** When the identity provider says this sign-in ends (a SAML assertion's SessionNotOnOrAfter). */
  sessionEndsAt?: Date;
  federation?: SamlFederation | OidcFederation;
};

/** A source where Roleport checks a username and password itself (local users, LDAP). */
export type PasswordIdentitySource = {
  kind: 'password';
  id: string;
  type: string;
  /** Shown on the login page. */
  label: string;
  /**
   * Resolves to the Identity, or throws RoleportError:
   *  401 code 'invalid_credentials' ("wrong username or password") for any wrong/unknown/blank input,
   *  403 code 'account_disabled' / 'account_locked' with a clear message,
   *  503 code 'directory_unavailable' when the backend cannot be reached.
   */
  authenticate(username: string, password: string): Promise<Identity>;
  /** Whether the backend answers now (a directory); shown by /readyz, never part of readiness. */
  health?(): Promise<SourceHealth>;
  /** Looking people and group members up outside a sign-in (access review); absent when the source cannot. */
  directory?: Directory;
  close?(): Promise<void>;
};

/** A group pattern of the rules: its text (a glob) and the matcher compiled from it. */
export type GroupPattern = { text: string; matches: (group: string) => boolean };

export type DirectoryPerson = {
  /** The person as a sign-in now would see them: groups and attributes (authTime: the look-up's time). */
  identity: Identity;
  /** A disabled or locked account: it holds its groups but cannot sign in. */
  canSignIn: boolean;
};

export type GroupMembers = {
  /** The group's name as sign-ins report it (what the rules match). */
  group: string;
  members: { username: string; displayName: string }[];
  /** Nesting went deeper than the source follows at sign-in: deeper members do not get the group. */
  depthLimitReached?: boolean;
};

export type Directory = {
  lookUp(username: string): Promise<DirectoryPerson | undefined>;
  /** Every group the pattern matches and the people a sign-in would give it (nesting as the source follows it). */
  membersOf(pattern: GroupPattern): Promise<GroupMembers[]>;
};

export type SourceHealth = { up: boolean; problem?: string };

/** A source that sends the browser elsewhere to sign in (SAML, OIDC); its routes live in web/. */
export type RedirectIdentitySource = {
  kind: 'redirect';
  id: string;
  type: string;
  label: string;
  /** Where the login page's button points, e.g. /saml/<id>/login. `next` is appended as ?next=. */
  loginPath: string;
  health?(): Promise<SourceHealth>;
  close?(): Promise<void>;
};

export type IdentitySource = PasswordIdentitySource | RedirectIdentitySource;

/** Identity as kept in the session store (dates as ISO strings). */
export type StoredIdentity = Omit<Identity, 'authTime' | 'checkedAt' | 'sessionEndsAt' | 'federation'> & {
  authTime: string;
  checkedAt?: string;
  sessionEndsAt?: string;
  federation?:
    | (Omit<SamlFederation, 'notOnOrAfter'> & { notOnOrAfter: string })
    | (Omit<OidcFederation, 'expiresAt'> & { expiresAt: string });
};

export function storeIdentity(identity: Identity): StoredIdentity {
  const { federation, authTime, checkedAt, sessionEndsAt, ...rest } = identity;
  const stored: StoredIdentity = { ...rest, authTime: authTime.toISOString() };
  if (checkedAt) stored.checkedAt = checkedAt.toISOString();
  if (sessionEndsAt) stored.sessionEndsAt = sessionEndsAt.toISOString();
  if (federation?.kind === 'saml') stored.federation = { ...federation, notOnOrAfter: federation.notOnOrAfter.toISOString() };
  if (federation?.kind === 'oidc') stored.federation = { ...federation, expiresAt: federation.expiresAt.toISOString() };
  return stored;
}

export function restoreIdentity(stored: StoredIdentity): Identity {
  const { federation, authTime, checkedAt, sessionEndsAt, ...rest } = stored;
  const identity: Identity = { ...rest, authTime: new Date(authTime) };
  if (checkedAt) identity.checkedAt = new Date(checkedAt);
  if (sessionEndsAt) identity.sessionEndsAt = new Date(sessionEndsAt);
  if (federation?.kind === 'saml') identity.federation = { ...federation, notOnOrAfter: new Date(federation.notOnOrAfter) };
  if (federation?.kind === 'oidc') identity.federation = { ...federation, expiresAt: new Date(federation.expiresAt) };
  return identity;
}
