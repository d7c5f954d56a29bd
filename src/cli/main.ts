#!/usr/bin/env node
// The roleport command: `npm run roleport -- <command> [options]`.
import { runConsole } from './console.ts';
import { runCredentialProcess } from './credential-process.ts';
import { runExport } from './export.ts';
import { runHashPassword } from './hash-password.ts';
import { runLogin } from './login.ts';
import { runLogout } from './logout.ts';
import { runRoles } from './roles.ts';
import { runSandboxCommand } from './sandbox-command.ts';

type Command = { summary: string; run: (args: string[]) => Promise<number> };

const commands: Record<string, Command> = {
  'hash-password': { summary: 'print a scrypt hash for a local user (reads the password from stdin)', run: runHashPassword },
  sandbox: { summary: 'run the sandbox AWS (STS, federation, console) alone on its own port', run: runSandboxCommand },
  login: { summary: 'sign this machine in to Roleport (approve a code in your browser)', run: runLogin },
  roles: { summary: 'list the AWS roles you may use', run: runRoles },
  'credential-process': { summary: "print a role's keys as credential_process JSON (for ~/.aws/config)", run: runCredentialProcess },
  export: { summary: "print a role's keys as shell exports, AWS files or .env", run: runExport },
  console: { summary: "print or open an AWS console sign-in URL for a role", run: runConsole },
  logout: { summary: 'revoke and forget this machine\'s sign-in', run: runLogout },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(20)}${command.summary}`);
  return `usage: roleport <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'roleport <command> --help' for a command's options.\n`;
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(usage());
  process.exit(name ? 0 : 2);
}
const command = commands[name];
if (!command) {
  process.stderr.write(`roleport: unknown command '${name}'\n\n${usage()}`);
  process.exit(2);
}
try {
  process.exitCode = await command.run(args);
} catch (error) {
  process.stderr.write(`roleport ${name}: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
