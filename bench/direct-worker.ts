// The baselines' client, in a process of its own (so its CPU is counted apart from the bench's):
// the sandbox STS called directly with @aws-sdk/client-sts, the federation endpoint with fetch, and
// OpenLDAP bind + search + group lookup with ldapts; and rule evaluation, which would otherwise
// block the bench's own event loop. Jobs arrive over IPC; each answers its result.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { Client } from 'ldapts';
import { stsClientSettings } from '../src/aws/index.ts';
import { type Limits, drive } from './load.ts';
import { measureRules } from './rules-case.ts';

export type StsTarget = { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string; roleArn: string; signinEndpoint: string };
export type LdapTarget = { url: string; userDn: string; password: string; usersBase: string; username: string; groupsBase: string };
export type Job =
  | { kind: 'sts'; target: StsTarget; limits: Limits }
  | { kind: 'console'; target: StsTarget; limits: Limits }
  | { kind: 'ldap'; target: LdapTarget; limits: Limits }
  | { kind: 'rules'; rounds: number; maxEvaluations: number };

let sts: STSClient | undefined;
function stsClient(target: StsTarget): STSClient {
  // The SDK as it comes, with the settings Roleport gives its own clients.
  sts ??= new STSClient(stsClientSettings({ region: target.region, endpoint: target.endpoint, credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey }, timeoutMs: 5000 }));
  return sts;
}

async function assumeRole(target: StsTarget) {
  const response = await stsClient(target).send(new AssumeRoleCommand({ RoleArn: target.roleArn, RoleSessionName: 'bench', DurationSeconds: 3600 }));
  if (!response.Credentials?.AccessKeyId) throw new Error('AssumeRole gave no credentials');
  return response.Credentials;
}

async function consoleToken(target: StsTarget) {
  const credentials = await assumeRole(target);
  const url = new URL(target.signinEndpoint);
  url.searchParams.set('Action', 'getSigninToken');
  url.searchParams.set('SessionDuration', '3600');
  url.searchParams.set('Session', JSON.stringify({ sessionId: credentials.AccessKeyId, sessionKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken }));
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = (await response.json()) as { SigninToken?: string };
  if (!body.SigninToken) throw new Error(`getSigninToken answered ${response.status}`);
}

/** One connection per concurrent caller, kept open, as a client written for speed would. */
const ldapClients: Client[] = [];
async function ldapSignIn(target: LdapTarget, client: Client) {
  await client.bind(target.userDn, target.password);
  const { searchEntries } = await client.search(target.usersBase, { scope: 'sub', filter: `(uid=${target.username})`, attributes: ['uid', 'cn', 'displayName', 'mail'] });
  if (searchEntries.length !== 1) throw new Error('the user was not found');
  await client.search(target.groupsBase, { scope: 'sub', filter: `(member=${searchEntries[0].dn})`, attributes: ['cn'] });
}

async function run(job: Job) {
  const pid = process.pid;
  if (job.kind === 'rules') return measureRules(job.rounds, job.maxEvaluations);
  if (job.kind === 'sts') return drive(async () => void (await assumeRole(job.target)), job.limits, pid);
  if (job.kind === 'console') return drive(() => consoleToken(job.target), job.limits, pid);
  while (ldapClients.length < job.limits.concurrency) ldapClients.push(new Client({ url: job.target.url, timeout: 10_000, connectTimeout: 5_000 }));
  return drive((caller) => ldapSignIn(job.target, ldapClients[caller]), job.limits, pid);
}

process.on('message', (job: Job) => {
  run(job).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: (error as Error).stack ?? String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
