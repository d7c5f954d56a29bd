// SIGHUP: read the configuration file and every file: secret again and swap in what a reload may
// change. A file with problems is refused with the messages a start would give, and the running
// configuration keeps serving; either way the attempt is audited as config.reloaded.
import { ConfigError, type LoadedConfig } from './config/index.ts';
import type { Logger } from './log.ts';
import type { ReloadOutcome, Runtime } from './runtime.ts';

export type ReloadResult = ({ reloaded: true } & ReloadOutcome) | { reloaded: false; problems: string[] };

/** `load` reads the file as at start (loadConfig with the same options). */
export function createReloader(options: { runtime: Runtime; load: () => LoadedConfig; logger: Logger }): (trigger: string) => Promise<ReloadResult> {
  const { runtime, load, logger } = options;
  const { ctx } = runtime;
  let running: Promise<ReloadResult> = Promise.resolve({ reloaded: false, problems: [] });

  const refuse = async (trigger: string, problems: string[], message: string): Promise<ReloadResult> => {
    logger.error({ reload: trigger, problems }, `configuration reload refused; the running configuration keeps serving. ${message}`);
    await ctx.audit.recordKept({ event: 'config.reloaded', outcome: 'refused', reason: problems.join('; '), details: { trigger } }).catch(() => undefined);
    return { reloaded: false, problems };
  };

  const reloadOnce = async (trigger: string): Promise<ReloadResult> => {
    if (ctx.demo) return refuse(trigger, ['the demo has no configuration file to read again'], 'Start Roleport with a configuration file to reload it.');
    let outcome: ReloadOutcome;
    let file: string | undefined;
    try {
      const next = load();
      file = next.file;
      outcome = runtime.reload(next);
    } catch (error) {
      if (error instanceof ConfigError) return refuse(trigger, error.problems, `The configuration has problems.\n${error.message}`);
      const problem = `the new configuration could not be put to work: ${(error as Error).message}`;
      return refuse(trigger, [problem], problem);
    }
    for (const warning of outcome.warnings) logger.warn({ reload: trigger }, warning);
    if (outcome.needsRestart.length > 0) logger.warn({ reload: trigger, needsRestart: outcome.needsRestart }, `configuration sections changed that only a restart applies: ${outcome.needsRestart.join(', ')}; they keep their running values`);
    logger.info({ reload: trigger, file, changed: outcome.changed }, `configuration reloaded from ${file}: ${outcome.changed.length > 0 ? `changed ${outcome.changed.join(', ')}` : 'nothing changed'}`);
    await ctx.audit.recordKept({ event: 'config.reloaded', outcome: 'success', details: { trigger, file, changed: outcome.changed.join(',') || undefined, needsRestart: outcome.needsRestart.join(',') || undefined } }).catch(() => undefined);
    return { reloaded: true, ...outcome };
  };

  // One reload at a time: a second SIGHUP waits for the first and then reads the file again.
  return (trigger) => (running = running.then(() => reloadOnce(trigger), () => reloadOnce(trigger)));
}
