// `roleport sandbox --port N [--host H] [--config file.yaml]`: the sandbox AWS alone on its own port.
import { parseArgs } from 'node:util';
import { ConfigError, type SandboxConfig, checkSandboxSection, demoAccessKeyId, demoConfig, demoSecrets, loadSandboxFile } from '../config/index.ts';
import { startSandboxServer } from '../sandbox/index.ts';

const USAGE = `usage: roleport sandbox [--port N] [--host 127.0.0.1] [--config file.yaml]

Runs the Roleport sandbox (an offline stand-in for AWS STS, the console federation endpoint and a
console landing page) on its own port. With --config, the file's top-level 'sandbox:' section sets
its accounts, IAM users and roles; without it, the demo sandbox runs with fresh keys printed below.

  --port N       port to listen on (default 4599; 0 picks a free one)
  --host H       address to listen on (default 127.0.0.1)
  --config FILE  a YAML file with a 'sandbox:' section
`;

export async function runSandboxCommand(args: string[]): Promise<number> {
  let values: { port?: string; host?: string; config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { port: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`roleport sandbox: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 4599 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`roleport sandbox: --port: found '${values.port}', expected a whole number from 0 to 65535\n`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';

  let config: SandboxConfig;
  let demo: { accessKeyId: string; secretAccessKey: string; user: string; account: string } | undefined;
  try {
    if (values.config) {
      const loaded = loadSandboxFile(values.config);
      config = loaded.sandbox;
      for (const warning of loaded.warnings) process.stderr.write(`warning: ${warning}\n`);
    } else {
      const secrets = demoSecrets();
      const raw = demoConfig('http://localhost', 0, demoAccessKeyId()).sandbox;
      config = checkSandboxSection(raw, { env: secrets, baseDir: process.cwd(), file: '(demo)' }).sandbox;
      const user = config.users[0];
      demo = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey.value, user: user.name, account: user.account };
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`roleport sandbox: invalid configuration\n${error.message}\n`);
      return 1;
    }
    throw error;
  }

  const server = await startSandboxServer({
    config,
    port,
    host,
    onInternalError: (error) => process.stderr.write(`roleport sandbox: internal error: ${(error as Error).stack ?? String(error)}\n`),
  });
  const out: string[] = [
    `Roleport sandbox listening on ${server.url} (an offline stand-in for AWS; it is not AWS)`,
    `  STS:        ${server.stsUrl}`,
    `  federation: ${server.federationUrl}`,
    `  console:    ${server.consoleUrl}`,
    `  accounts:   ${config.accounts.join(', ')}`,
    `  roles:      ${config.roles.map((r) => `arn:${config.partition}:iam::${r.account}:role${r.path}${r.name}`).join(', ') || '(none)'}`,
  ];
  if (demo) {
    out.push(
      '',
      `Demo IAM user ${demo.user} in account ${demo.account} (fresh keys; they work only against this sandbox, while it runs):`,
      `  export AWS_ACCESS_KEY_ID=${demo.accessKeyId}`,
      `  export AWS_SECRET_ACCESS_KEY=${demo.secretAccessKey}`,
      `  aws sts get-caller-identity --region us-east-1 --endpoint-url ${server.stsUrl}`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  process.stdout.write('Roleport sandbox stopped\n');
  return 0;
}
