// The STS a server command calls: the configured one, except that a configuration whose STS is the
// sandbox Roleport mounts on itself gets that sandbox started alone on a loopback port for the run.
import type { RoleportConfig } from '../config/index.ts';
import { startSandboxServer } from '../sandbox/index.ts';

/** Whether aws.endpoints.sts is the sandbox this configuration serves under its own mount. */
function ownSandboxSts(config: RoleportConfig): boolean {
  const mount = config.sandbox?.mount;
  const sts = config.aws.endpoints.sts;
  if (!mount || !sts || !config.server.publicUrl) return false;
  return sts === `${config.server.publicUrl.replace(/\/$/, '')}${mount}/sts`;
}

/** Runs `work` with a configuration whose STS answers; `stsEndpoint` says which STS that is, in words. */
export async function withConfiguredSts<T>(config: RoleportConfig, work: (reachable: RoleportConfig, stsEndpoint: string) => Promise<T>): Promise<T> {
  if (!ownSandboxSts(config) || !config.sandbox) return work(config, config.aws.endpoints.sts ?? "the partition's STS");
  const sandbox = await startSandboxServer({ config: config.sandbox, port: 0 });
  try {
    const reachable = { ...config, aws: { ...config.aws, endpoints: { ...config.aws.endpoints, sts: sandbox.stsUrl } } };
    return await work(reachable, `${sandbox.stsUrl} (the configured sandbox, started for this check)`);
  } finally {
    await sandbox.close();
  }
}
