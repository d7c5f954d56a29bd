// The environment variables that hand a role's keys to a program: the keys, their expiry, the
// region when Roleport names one, and the sandbox's STS for demo keys.
import type { ApiCredentials } from './credential-process.ts';

export function roleEnvironment(base: NodeJS.ProcessEnv, roleKey: string, credentials: ApiCredentials, region: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  // A profile would point the program's tools at other keys than these.
  delete env.AWS_PROFILE;
  delete env.AWS_DEFAULT_PROFILE;
  env.AWS_ACCESS_KEY_ID = credentials.AccessKeyId;
  env.AWS_SECRET_ACCESS_KEY = credentials.SecretAccessKey;
  env.AWS_SESSION_TOKEN = credentials.SessionToken;
  env.AWS_CREDENTIAL_EXPIRATION = credentials.Expiration;
  if (region) {
    env.AWS_REGION ??= region;
    env.AWS_DEFAULT_REGION ??= region;
  }
  if (credentials.sandboxStsUrl) env.AWS_ENDPOINT_URL_STS = credentials.sandboxStsUrl;
  env.ROLEPORT_ROLE = roleKey;
  return env;
}
