// Remembers whether the directory is down, so an outage is logged once when it starts and once when it ends.
import type { Logger } from '../../log.ts';

export type OutageTracker = {
  /** The directory could not be used; logs only if it was fine until now. */
  failed(details: Record<string, unknown>): void;
  /** The directory answered; logs only if it was down until now. */
  answered(): void;
  readonly down: boolean;
};

export function createOutageTracker(logger: Logger): OutageTracker {
  let since: Date | undefined;
  return {
    failed(details) {
      if (since) return;
      since = new Date();
      logger.error(details, 'LDAP directory unavailable: sign-ins through it fail until it answers again');
    },
    answered() {
      if (!since) return;
      logger.info({ downSince: since.toISOString(), downForMs: Date.now() - since.getTime() }, 'LDAP directory answers again: sign-ins through it work');
      since = undefined;
    },
    get down() {
      return since !== undefined;
    },
  };
}
