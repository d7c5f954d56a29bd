// The checks a configuration passes before it runs, at start and at every reload: the schema
// (loadConfig), then role settings STS would refuse (tag templates, policies, ExternalIds), which
// are configuration errors too; second-factor rules that protect nothing are warnings.
import { buildAccessPolicy, mfaPolicyWarnings } from './access/index.ts';
import { issuerConfigProblems } from './aws/index.ts';
import { ConfigError, type LoadedConfig } from './config/index.ts';

/** Throws ConfigError with every problem; adds the warnings to `loaded.warnings`. */
export function checkRunnable(loaded: LoadedConfig): LoadedConfig {
  const problems = issuerConfigProblems(loaded.config);
  if (problems.length > 0) throw new ConfigError(loaded.file ?? '(demo)', problems);
  loaded.warnings.push(...mfaPolicyWarnings(buildAccessPolicy(loaded.config)));
  return loaded;
}
