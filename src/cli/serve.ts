// `roleport serve --role R [--port N]`: AWS's container-credentials endpoint on 127.0.0.1 for SDKs,
// the AWS CLI and containers, guarded by an authorization token it makes, renewing keys before
// they expire (as aws-vault --ecs-server and Weep do). Prints the two variables tools need.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError, parseDuration, parseRole, withUsage } from './cli-args.ts';
import { type ApiCredentials, obtainCredentials } from './credential-process.ts';
import { createCredentialKeeper } from './credential-keeper.ts';
import { withMfaSignIn } from './mfa-sign-in.ts';

const USAGE = `usage: roleport serve [--url URL] --role ACCOUNT/ROLE [--duration 1h] [--port N] [--open]

Serves the role's keys to AWS SDKs and the AWS CLI as a container-credentials endpoint on
127.0.0.1, renewing them before they expire, until stopped (Ctrl-C). It prints the two variables
to set where the tools run (another terminal, or a container on the host network):
AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN.

  --url URL        Roleport's address (default: $ROLEPORT_URL, else the last login's)
  --role A/R       the role, as <account name>/<role name>
  --duration D     how long each set of keys lasts: 15m to 36h (default: the role's)
  --port N         port to listen on (default: any free one)
  --open           when the role needs a second factor: sign in again, with the approval page opened
`;

export const SERVE_OPTIONS = { role: { type: 'string' }, duration: { type: 'string' }, port: { type: 'string' }, open: { type: 'boolean' } } as const;

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The container-credentials answer the SDKs read. */
function presentForContainer(credentials: ApiCredentials) {
  return { AccessKeyId: credentials.AccessKeyId, SecretAccessKey: credentials.SecretAccessKey, Token: credentials.SessionToken, Expiration: credentials.Expiration, RoleArn: credentials.Arn };
}

export async function runServe(args: string[]): Promise<number> {
  return withUsage('serve', USAGE, args, SERVE_OPTIONS, async ({ url, values }) => {
    const role = parseRole(values.role as string | undefined);
    const durationSeconds = parseDuration(values.duration as string | undefined);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: found '${values.port}', expected a whole number from 0 to 65535`);
    const keeper = createCredentialKeeper((minLeftMs) => obtainCredentials(url, role.key, durationSeconds, minLeftMs));
    // Keys before anything is printed: a refusal ends here, with nothing to set.
    await withMfaSignIn(url, values.open === true, () => keeper.get());
    const token = randomBytes(32).toString('base64url');

    const server = createServer((req, res) => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'GET') return answer(405, { message: 'only GET' });
      if (!sameSecret(req.headers.authorization, token)) return answer(401, { message: 'the authorization token is missing or wrong' });
      keeper.get().then(
        (credentials) => answer(200, presentForContainer(credentials)),
        (error: Error) => {
          process.stderr.write(`roleport serve: could not get keys for ${role.key}: ${error.message}\n`);
          answer(502, { message: `roleport could not get keys: ${error.message}` });
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    const { port: bound } = server.address() as AddressInfo;
    process.stdout.write(`export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:${bound}/\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN=${token}\n`);
    process.stderr.write(`Serving keys for ${role.key} on http://127.0.0.1:${bound}/ until stopped; set the two variables above where your tools run.\n`);

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return 0;
  });
}
