#!/usr/bin/env node
// The server's commands, run in the repository on Node 24: `npm run roleport -- <command> [options]`.
// The employee's roleport command (login, keys, profiles) is src/cli, installed from Roleport itself.
import { type Command, runProgram } from '../cli/index.ts';
import { runAuditCommand } from './audit.ts';
import { runBuildCli } from './build-cli.ts';
import { runCheckConfig } from './check-config.ts';
import { runHashPassword } from './hash-password.ts';
import { runSandboxCommand } from './sandbox.ts';
import { runTrustPolicy } from './trust-policy.ts';

const commands: Record<string, Command> = {
  'hash-password': { summary: 'print a scrypt hash for a local user (reads the password from stdin)', run: runHashPassword },
  sandbox: { summary: 'run the sandbox AWS (STS, federation, console) alone on its own port', run: runSandboxCommand },
  audit: { summary: "audit verify: check the stored audit trail's hash chain and name the first row altered or removed", run: runAuditCommand },
  'check-config': { summary: 'check the configuration: rules, durations, names and tags; --preflight probes STS per role', run: runCheckConfig },
  'trust-policy': { summary: 'print the trust policy each role needs (JSON, CloudFormation per account, or aws iam commands)', run: runTrustPolicy },
  'build-cli': { summary: 'build the installable roleport command package (roleport-cli.tgz) that Roleport serves', run: runBuildCli },
};

process.exitCode = await runProgram(
  { name: 'roleport', commands, footer: "The employee's commands (login, credential-process, ...) are the installed roleport: npm install -g <Roleport's URL>/cli/roleport-cli.tgz" },
  process.argv.slice(2),
);
