// The LDAP / Active Directory password source: find the user (service account search, or direct
// bind by DN template or UPN), bind as them, refuse disabled and locked accounts, read groups and
// attributes, and turn the entry into an Identity. A directory that is down answers 503.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { Client } from 'ldapts';
import { loadLdapts } from './ldapts-library.ts';
import type { LdapSourceConfig } from '../../config/index.ts';
import { RoleportError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Identity, PasswordIdentitySource } from '../identity.ts';
import { ACCOUNT_STATE_ATTRIBUTES, AD_COMPUTED_UAC, AD_DISABLED, AD_LOCKED, adBindSubcode, isDisabled, isLocked } from './account-state.ts';
import { createBindPool } from './bind-pool.ts';
import { type TransportSettings, closeClient, openConnection } from './connection.ts';
import { directBindName } from './bind-name.ts';
import { createLdapDirectory } from './directory.ts';
import { type LdapEntry, firstValue, values } from './entry.ts';
import { fillFilter } from './filter-escape.ts';
import { type GroupSettings, resolveGroups } from './groups.ts';
import { createOutageTracker } from './outage.ts';
import { createServerList } from './server-list.ts';
import { createServicePool } from './service-pool.ts';
import { createTimingPad } from './timing-pad.ts';
import { DirectoryUnreachableError, describeTransportError, isTransportError } from './transport-error.ts';
import { accountDisabled, invalidCredentials } from '../sign-in-errors.ts';

const MAX_USERNAME_LENGTH = 256;
const BINARY_ATTRIBUTES = ['objectSid', 'objectsid', 'objectSID'];

const accountLocked = () => new RoleportError({ status: 403, code: 'account_locked', message: 'this account is locked; ask your directory administrator to unlock it' });
const directoryUnavailable = (cause?: unknown) =>
  new RoleportError({ status: 503, code: 'directory_unavailable', message: 'the directory is unavailable, try again in a minute', cause });

/** The service account itself was refused: a configuration problem, reported like an outage. */
class ServiceBindRefused extends Error {
  constructor(cause: unknown) {
    super('the service account (bind.dn / bind.password) was refused by the directory', { cause });
  }
}

export type LdapSourceDeps = { logger: Logger; clock?: () => Date };

function tlsOptions(config: LdapSourceConfig): ConnectionOptions {
  return {
    ca: config.tls.ca ? [readFileSync(config.tls.ca)] : undefined,
    minVersion: config.tls.minVersion,
    rejectUnauthorized: !config.tls.insecureSkipVerify,
    ...(config.tls.servername ? { servername: config.tls.servername } : {}),
  };
}

/** A username worth sending to the directory: trimmed, not empty, not too long, valid Unicode. */
function cleanUsername(raw: string): string | undefined {
  const username = typeof raw === 'string' ? raw.trim() : '';
  if (username === '' || username.length > MAX_USERNAME_LENGTH || !username.isWellFormed()) return undefined;
  return username;
}

export function createLdapSource(config: LdapSourceConfig, deps: LdapSourceDeps): PasswordIdentitySource {
  const logger = deps.logger.child({ identitySource: config.id, identityType: 'ldap' });
  if (config.tls.insecureSkipVerify) logger.warn('tls.insecureSkipVerify is on: the directory certificate is not checked; passwords can be read by anyone on the path');

  const transport: TransportSettings = {
    startTls: config.startTls,
    tls: tlsOptions(config),
    connectTimeoutMs: config.timeouts.connect * 1000,
    operationTimeoutMs: config.timeouts.operation * 1000,
    source: config.id,
  };
  const servers = createServerList(config.urls, logger);
  const outage = createOutageTracker(logger);
  const timing = createTimingPad();
  const usernameAttribute = config.attributes.username ?? (config.users.upnSuffix ? 'sAMAccountName' : 'uid');
  const displayNameAttribute = config.attributes.displayName ?? 'displayName';
  const emailAttribute = config.attributes.email ?? 'mail';
  const extraAttributes = Object.entries(config.attributes).filter(([key]) => !['username', 'displayName', 'email'].includes(key));
  const groupSettings: GroupSettings = { ...config.groups, base: config.groups.base ?? config.users.base, primaryGroup: config.activeDirectory.primaryGroup };
  const needsGroupSearch = config.groups.strategy !== 'memberOf' || config.activeDirectory.primaryGroup;

  const userAttributes = [
    ...new Set([
      usernameAttribute,
      displayNameAttribute,
      'cn',
      emailAttribute,
      ...extraAttributes.map(([, attribute]) => attribute),
      ...ACCOUNT_STATE_ATTRIBUTES,
      ...(config.groups.strategy === 'memberOf' ? ['memberOf'] : []),
      ...(config.activeDirectory.primaryGroup ? ['primaryGroupID', 'objectSid'] : []),
    ]),
  ];

  const bind = config.bind;
  const pool = bind
    ? createServicePool({
        size: config.pool.size,
        open: async () => {
          try {
            return await openConnection(servers, transport, (client) => client.bind(bind.dn, bind.password.value));
          } catch (error) {
            const { ResultCodeError } = await loadLdapts();
            // The server answered "no" to the service account: no other server is tried for that.
            throw error instanceof ResultCodeError && !isTransportError(error) ? new ServiceBindRefused(error) : error;
          }
        },
      })
    : undefined;

  const bindPool = createBindPool({ size: config.pool.size, open: (personBind) => openConnection(servers, transport, personBind) });

  async function findUser(client: Client, username: string, filterTemplate: string): Promise<LdapEntry | undefined> {
    const { searchEntries } = await client.search(config.users.base, {
      scope: config.users.scope,
      filter: fillFilter(filterTemplate, { username }),
      attributes: userAttributes,
      explicitBufferAttributes: BINARY_ATTRIBUTES,
      sizeLimit: 2,
    });
    if (searchEntries.length > 1) {
      logger.warn({ matches: searchEntries.map((entry) => entry.dn) }, 'users.filter matched more than one entry for a username; refusing the sign-in (make the filter select one person)');
      return undefined;
    }
    return searchEntries[0];
  }

  async function readEntry(client: Client, dn: string): Promise<LdapEntry | undefined> {
    const { searchEntries } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: userAttributes, explicitBufferAttributes: BINARY_ATTRIBUTES });
    return searchEntries[0];
  }

  /** AD computes the lockout flag only on a base search; asked for only when lockoutTime is set. */
  async function readComputedFlags(client: Client, entry: LdapEntry): Promise<LdapEntry | undefined> {
    if (!(Number(firstValue(entry, 'lockoutTime') ?? 0) > 0)) return undefined;
    const { searchEntries } = await client.search(entry.dn, { scope: 'base', filter: '(objectClass=*)', attributes: [AD_COMPUTED_UAC] });
    return searchEntries[0];
  }

  /**
   * Binds as the user on a connection of the bind pool and runs `work` as them; translates the
   * directory's refusal into what the person should be told.
   */
  async function asUser<T>(name: string, password: string, work: (client: Client) => Promise<T>): Promise<T> {
    const { InvalidCredentialsError, InvalidDNSyntaxError, NoSuchObjectError, PasswordPolicyControl, PasswordPolicyError } = await loadLdapts();
    const policy = new PasswordPolicyControl();
    const bound = () => bindPool.use((client) => client.bind(name, password, policy), work);
    try {
      // Only the bind-and-search flow pads unknown users, and its work is empty: this times the bind.
      return await timing.timeBind(bound, (error) => !isTransportError(error) && !(error instanceof DirectoryUnreachableError));
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        const subcode = adBindSubcode(error.message);
        if (subcode === AD_LOCKED || policy.value?.error === PasswordPolicyError.AccountLocked) throw accountLocked();
        // AD reports "disabled" only to someone who gave the right password.
        if (subcode === AD_DISABLED) throw accountDisabled('directory administrator');
        throw invalidCredentials();
      }
      if (error instanceof InvalidDNSyntaxError || error instanceof NoSuchObjectError) throw invalidCredentials();
      throw error;
    }
  }

  function toIdentity(entry: LdapEntry, typedUsername: string, groups: string[]): Identity {
    const username = firstValue(entry, usernameAttribute) ?? typedUsername;
    const attributes: Record<string, string[]> = {};
    for (const [key, attribute] of extraAttributes) {
      const found = values(entry, attribute);
      if (found.length > 0) attributes[key] = found;
    }
    const identity: Identity = {
      subject: entry.dn,
      username,
      displayName: firstValue(entry, displayNameAttribute) ?? firstValue(entry, 'cn') ?? username,
      groups,
      attributes,
      source: config.id,
      mfa: false,
      authTime: deps.clock?.() ?? new Date(),
    };
    const email = firstValue(entry, emailAttribute);
    if (email) identity.email = email;
    return identity;
  }

  async function groupsOf(client: Client | undefined, entry: LdapEntry, username: string): Promise<string[]> {
    const canonical = firstValue(entry, usernameAttribute) ?? username;
    const result = await resolveGroups(client, groupSettings, entry, canonical);
    if (result.depthLimitReached) logger.warn({ user: entry.dn, maxDepth: groupSettings.maxDepth }, 'group nesting goes deeper than groups.maxDepth; deeper groups were not followed');
    return result.groups;
  }

  /** Bind-and-search: the service account finds the entry, the user's bind proves the password. */
  async function withServiceAccount(username: string, password: string): Promise<Identity> {
    if (!pool) throw new Error('no service account');
    const entry = await pool.use((client) => findUser(client, username, config.users.filter));
    if (!entry) {
      // As slow as a wrong password would have been: timing does not reveal who exists.
      await timing.padOneBind();
      throw invalidCredentials();
    }
    const computed = await pool.use((client) => readComputedFlags(client, entry));
    // A locked account gets no bind attempt: it could only extend the lockout.
    if (isLocked(entry, computed)) throw accountLocked();
    await asUser(entry.dn, password, async () => undefined);
    if (isDisabled(entry)) throw accountDisabled('directory administrator');
    const groups = needsGroupSearch ? await pool.use((client) => groupsOf(client, entry, username)) : await groupsOf(undefined, entry, username);
    return toIdentity(entry, username, groups);
  }

  /** Direct bind: the user's own connection reads their entry and groups. */
  async function withDirectBind(typed: string, password: string): Promise<Identity> {
    const target = directBindName(config.users, typed);
    if (!target) throw invalidCredentials();
    const { name, username } = target;
    return asUser(name, password, async (client) => {
      const entry = config.users.dnTemplate ? await readEntry(client, name) : await findUser(client, username, config.users.filter);
      if (!entry) {
        logger.warn({ bindName: name }, 'the user bound but their entry could not be read (check users.base, users.filter and read access)');
        throw invalidCredentials();
      }
      if (isLocked(entry, await readComputedFlags(client, entry))) throw accountLocked();
      if (isDisabled(entry)) throw accountDisabled('directory administrator');
      return toIdentity(entry, username, await groupsOf(client, entry, username));
    });
  }

  return {
    kind: 'password',
    id: config.id,
    type: 'ldap',
    label: config.label ?? config.id,
    async authenticate(rawUsername, password) {
      const username = cleanUsername(rawUsername);
      // An empty password would be an unauthenticated bind, which many servers "accept".
      if (!username || typeof password !== 'string' || password === '') throw invalidCredentials();
      try {
        const identity = bind ? await withServiceAccount(username, password) : await withDirectBind(username, password);
        outage.answered();
        return identity;
      } catch (error) {
        if (error instanceof RoleportError) {
          outage.answered();
          throw error;
        }
        if (error instanceof DirectoryUnreachableError) {
          outage.failed({ problems: error.problems });
        } else if (error instanceof ServiceBindRefused) {
          outage.failed({ problem: error.message, ldapError: describeTransportError(error.cause) });
        } else if (isTransportError(error)) {
          outage.failed({ problem: describeTransportError(error) });
        } else {
          // The directory answered, but not as configured (a wrong base DN, missing rights...).
          logger.error({ ldapError: describeTransportError(error) }, 'LDAP request refused by the directory; check this source’s configuration');
        }
        throw directoryUnavailable(error);
      }
    },
    async health() {
      // Reads the root DSE: any answer, even a refusal, means a server is there and talking.
      try {
        const client = await openConnection(servers, transport, async (c) => void (await c.search('', { scope: 'base', filter: '(objectClass=*)', attributes: ['supportedLDAPVersion'] }).catch((error: unknown) => {
          if (isTransportError(error)) throw error;
        })));
        closeClient(client);
        return { up: true };
      } catch (error) {
        return { up: false, problem: error instanceof DirectoryUnreachableError ? error.problems.map((p) => `${p.url}: ${p.problem}`).join('; ') : describeTransportError(error) };
      }
    },
    // Without a service account there is nobody to search as outside a sign-in.
    ...(pool
      ? {
          directory: createLdapDirectory({
            pool,
            users: config.users,
            groups: groupSettings,
            userAttributes,
            usernameAttribute,
            displayNameAttribute,
            findUser: (client, username) => findUser(client, username, config.users.filter),
            personOf: async (client, entry, username) => toIdentity(entry, username, await groupsOf(needsGroupSearch ? client : undefined, entry, username)),
          }),
        }
      : {}),
    async close() {
      await Promise.all([pool?.close(), bindPool.close()]);
    },
  };
}
