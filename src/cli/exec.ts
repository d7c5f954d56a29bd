// `roleport exec --role R [--duration 1h] [--open] -- COMMAND [ARGS...]`: runs COMMAND with the role's keys
// and region in its environment, and ends with its exit code.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { UsageError, parseDuration, parseRole, withUsage } from './cli-args.ts';
import { obtainCredentials } from './credential-process.ts';
import { withMfaSignIn } from './mfa-sign-in.ts';
import { fetchRoles } from './role-list.ts';
import { roleEnvironment } from './role-environment.ts';
import { withToken } from './signed-in.ts';

const USAGE = `usage: roleport exec [--url URL] --role ACCOUNT/ROLE [--duration 1h] [--open] -- COMMAND [ARGS...]

Runs COMMAND with the role's temporary keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION) and region in its environment; exits with its exit code.

  --url URL        Roleport's address (default: $ROLEPORT_URL, else the last login's)
  --role A/R       the role, as <account name>/<role name>
  --duration D     how long the keys last: 15m to 36h (default: the role's)
  --open           when the role needs a second factor: sign in again, with the approval page opened
`;

export const EXEC_OPTIONS = { role: { type: 'string' }, duration: { type: 'string' }, open: { type: 'boolean' } } as const;

/** Runs the program; its exit code, or 128 + the signal's number when a signal ended it (as shells do). */
function runWithKeys(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    // Ctrl-C reaches the program from the terminal; roleport waits for it to finish.
    const ignore = () => {};
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    const done = (code: number) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      resolve(code);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      process.stderr.write(`roleport exec: cannot run '${command}': ${error.code === 'ENOENT' ? 'no such command' : error.message}\n`);
      done(error.code === 'ENOENT' ? 127 : 126);
    });
    child.once('exit', (code, signal) => done(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

export async function runExec(args: string[]): Promise<number> {
  const split = args.indexOf('--');
  const [options, program] = split === -1 ? [args, []] : [args.slice(0, split), args.slice(split + 1)];
  return withUsage('exec', USAGE, options, EXEC_OPTIONS, async ({ url, values }) => {
    const role = parseRole(values.role as string | undefined);
    if (program.length === 0) throw new UsageError('say what to run after --, e.g. roleport exec --role prod/Admin -- aws s3 ls');
    const durationSeconds = parseDuration(values.duration as string | undefined);
    const credentials = await withMfaSignIn(url, values.open === true, () => obtainCredentials(url, role.key, durationSeconds));
    // Keys cached by an older Roleport carry no region: then the roles list says it.
    const region = credentials.region ?? (await withToken(url, (token) => fetchRoles(url, token)).then((roles) => roles.find((candidate) => candidate.key === role.key)?.region));
    for (const notice of credentials.notices) process.stderr.write(`note: ${notice}\n`);
    return runWithKeys(program[0], program.slice(1), roleEnvironment(process.env, role.key, credentials, region));
  });
}
