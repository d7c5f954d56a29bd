// The issuer: picks the role's method, prepares names, tags, policy and duration, calls STS, and
// turns the credentials into a console sign-in URL when asked.
import { buildRoleCatalog } from '../access/index.ts';
import type { Role } from '../access/index.ts';
import type { RoleportConfig } from '../config/index.ts';
import { RoleportError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { brokerCredentialsFromConfig } from './broker-credentials.ts';
import { allowedDestinations, buildConsoleUrl, chooseDestination, fetchSigninToken, isAllowedDestination, throughLogout } from './console-url.ts';
import { chooseDuration } from './duration.ts';
import { externalIdFor, externalIdProblem } from './external-id.ts';
import type { IssueRequest, IssuedCredentials, Issuer } from './index.ts';
import { type MethodContext, issueMethods } from './methods/index.ts';
import { PARTITION_INFO, consoleSignInRoute } from './partitions.ts';
import { sessionPolicyFor, sessionPolicyProblems } from './session-policy.ts';
import { fitFederationName, fitSessionName, fitSourceIdentity } from './session-name.ts';
import { mfaSessionTags } from './mfa-tags.ts';
import { buildSessionTags, checkTagTemplates } from './session-tags.ts';
import { createRoleRevocation } from './role-revocation.ts';
import { createStsClients } from './sts-client.ts';

export type IssuerOptions = {
  config: RoleportConfig;
  logger: Logger;
  /** Roleport's public URL (no trailing slash): the console's Issuer. Default: server.publicUrl. */
  publicUrl?: string;
};

/** Problems in the roles' issuance settings, each naming the role; empty when all is well. */
export function issuerConfigProblems(config: RoleportConfig): string[] {
  const problems: string[] = [];
  for (const role of buildRoleCatalog(config).values()) {
    const say = (problem: string) => problems.push(`role ${role.key}: ${problem}`);
    for (const problem of checkTagTemplates(role.sessionTags, role.transitiveTagKeys)) say(problem);
    for (const problem of sessionPolicyProblems(role)) say(problem);
    const externalId = role.externalId?.value;
    if (externalId !== undefined) {
      const problem = externalIdProblem(externalId);
      if (problem) say(`its ExternalId ${problem}`);
    }
    if (role.method === 'federation-token' && role.policy === undefined && !role.policyArns?.length)
      say('method federation-token needs a policy or policyArns: without a session policy the federated session has no permissions');
    if (role.consoleDestination !== undefined && !isAllowedDestination(role.consoleDestination, allowedDestinations(config.aws, role.partition)))
      say(`consoleDestination ${role.consoleDestination} is not in aws.consoleDestinations (${allowedDestinations(config.aws, role.partition).join(', ')})`);
    if (role.region !== undefined && !PARTITION_INFO[role.partition].regionPattern.test(role.region))
      say(`region ${role.region} is not a region of the partition ${role.partition} (e.g. ${PARTITION_INFO[role.partition].defaultRegion})`);
  }
  return problems;
}

export function createIssuerImpl(options: IssuerOptions): Issuer {
  const { config, logger } = options;
  const problems = issuerConfigProblems(config);
  if (problems.length > 0) throw new Error(`The AWS settings of the configuration have problems:\n  - ${problems.join('\n  - ')}`);
  // A role whose method is not registered yet is refused when used (501), not at startup.
  for (const role of buildRoleCatalog(config).values()) {
    if (!Object.hasOwn(issueMethods, role.method))
      logger.warn({ role: role.key, method: role.method, available: Object.keys(issueMethods) }, 'this role uses an issuance method that is not available; it will be refused');
  }
  const broker = brokerCredentialsFromConfig(config);
  const clients = createStsClients({ aws: config.aws, broker });
  const revocation = createRoleRevocation({ config, clients, brokerKeys: broker.keys });
  const publicUrl = (options.publicUrl ?? config.server.publicUrl ?? `http://localhost:${config.server.port}`).replace(/\/$/, '');
  const log = logger.child({ component: 'issuer' });
  // Keys of a sandbox IAM user are known to the sandbox alone, and so are keys from an STS endpoint
  // set next to a sandbox section: the keys issued work nowhere else.
  const sandbox = broker.kind === 'sandbox-user' || (config.sandbox !== undefined && config.aws.endpoints.sts !== undefined);

  const contextFor = (request: IssueRequest): MethodContext => {
    const { identity, entitlement } = request;
    const role: Role = entitlement.role;
    const call = { roleArn: role.arn, roleKey: role.key };
    return {
      identity,
      role,
      requestedDuration: request.durationSeconds,
      sts: (action, send) => clients.call(role.partition, { ...call, action }, send),
      brokerIsTemporary: () => clients.brokerIsTemporary(role.partition, { ...call, action: 'AssumeRole' }),
      sessionName: () => fitSessionName(identity.username),
      federationName: () => fitFederationName(identity.username),
      sourceIdentity: () => (role.sourceIdentity ? fitSourceIdentity(identity.username) : undefined),
      sessionTags: () => [...buildSessionTags(role.sessionTags, identity, role.key), ...mfaSessionTags(entitlement, request.mfaMethod)],
      externalId: () => externalIdFor(role),
      sessionPolicy: () => sessionPolicyFor(role),
      duration: (actionMax, chained) => chooseDuration({ requested: request.durationSeconds, roleMax: role.maxDuration, actionMax, chained }),
    };
  };

  const issueCredentials = async (request: IssueRequest): Promise<IssuedCredentials> => {
    const role = request.entitlement.role;
    const method = Object.hasOwn(issueMethods, role.method) ? issueMethods[role.method] : undefined;
    if (!method)
      throw new RoleportError({ status: 501, code: 'method_unavailable', message: `${role.key} uses the method '${role.method}', which this Roleport cannot issue yet.` });
    const result = await method.issue(contextFor(request));
    log.debug({ role: role.key, method: role.method, stsRequestId: result.stsRequestId, durationSeconds: result.durationSeconds }, 'credentials issued');
    return {
      ...result,
      method: role.method,
      roleKey: role.key,
      accountId: role.account.id,
      stsEndpoint: clients.endpointFor(role.partition),
      sandbox,
    };
  };

  return {
    sandboxStsUrl: sandbox ? clients.endpointFor(config.aws.partition) : undefined,
    issueCredentials,
    async consoleSignIn(request) {
      const role = request.entitlement.role;
      // Refuse a destination before any credentials exist.
      const destination = chooseDestination({
        requested: request.destination,
        region: request.region,
        roleDestination: role.consoleDestination,
        allowList: allowedDestinations(config.aws, role.partition),
        roleKey: role.key,
      });
      const credentials = await issueCredentials(request);
      const route = consoleSignInRoute(config.aws, role.partition);
      const signinEndpoint = route.signin;
      const signinToken = await fetchSigninToken({
        signinEndpoint,
        credentials,
        sessionDuration: credentials.consoleSessionDuration,
        timeoutSeconds: config.aws.stsTimeout,
        roleKey: role.key,
      });
      const login = buildConsoleUrl({ signinEndpoint, issuer: publicUrl, destination, signinToken });
      // Through the logout first: AWS refuses a sign-in into another account while a console session is open.
      return { url: route.logout ? throughLogout(route.logout, login) : login, credentials, destination };
    },
    revocation,
    stsState: () => clients.state(),
    async close() {
      revocation.close();
      clients.close();
    },
  };
}
