#!/usr/bin/env node
// The employee's roleport command: talks to Roleport over HTTP only, runs on Node >= 20, installed
// with `npm install -g <Roleport's URL>/cli/roleport-cli.tgz` (in the repository: node src/cli/main.ts).
import { completionCommand } from './completion.ts';
import { CONFIGURE_OPTIONS, runConfigure } from './configure.ts';
import { CONSOLE_OPTIONS, runConsole } from './console.ts';
import { CREDENTIAL_PROCESS_OPTIONS, runCredentialProcess } from './credential-process.ts';
import { type Command, runProgram } from './dispatch.ts';
import { EXEC_OPTIONS, runExec } from './exec.ts';
import { EXPORT_OPTIONS, runExport } from './export.ts';
import { LOGIN_OPTIONS, runLogin } from './login.ts';
import { runLogout } from './logout.ts';
import { ROLES_OPTIONS, runRoles } from './roles.ts';
import { SERVE_OPTIONS, runServe } from './serve.ts';
import { CLI_VERSION } from './version.ts';

const commands: Record<string, Command> = {
  login: { summary: 'sign this machine in to Roleport (approve a code in your browser)', run: runLogin, options: LOGIN_OPTIONS },
  roles: { summary: 'list the AWS roles you may use', run: runRoles, options: ROLES_OPTIONS },
  configure: { summary: 'write a ~/.aws/config profile for each of your roles', run: runConfigure, options: CONFIGURE_OPTIONS },
  'credential-process': { summary: "print a role's keys as credential_process JSON (for ~/.aws/config)", run: runCredentialProcess, options: CREDENTIAL_PROCESS_OPTIONS },
  export: { summary: "print a role's keys as shell exports, AWS files or .env", run: runExport, options: EXPORT_OPTIONS },
  exec: { summary: "run a command with a role's keys in its environment", run: runExec, options: EXEC_OPTIONS },
  serve: { summary: "serve a role's keys to SDKs and containers (container-credentials endpoint)", run: runServe, options: SERVE_OPTIONS },
  console: { summary: 'print or open an AWS console sign-in URL for a role', run: runConsole, options: CONSOLE_OPTIONS },
  logout: { summary: "revoke and forget this machine's sign-in", run: runLogout },
};
commands.completion = completionCommand(() => commands);

process.exitCode = await runProgram({ name: 'roleport', commands, version: CLI_VERSION }, process.argv.slice(2));
