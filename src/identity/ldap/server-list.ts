// The configured LDAP servers in the order to try them: in the file's order, except that a server
// that just failed goes last for a while. Logs once when a server stops answering and once when it is back.
import type { Logger } from '../../log.ts';

/** How long a failed server waits at the back of the line before it is tried in its place again. */
const RETRY_FIRST_AFTER_MS = 30_000;

export type ServerList = {
  order(): string[];
  failed(url: string, problem: string): void;
  worked(url: string): void;
};

export function createServerList(urls: string[], logger: Logger, now: () => number = Date.now): ServerList {
  const failedAt = new Map<string, number>();
  return {
    order() {
      const time = now();
      const fresh = (url: string) => {
        const at = failedAt.get(url);
        return at === undefined || time - at >= RETRY_FIRST_AFTER_MS;
      };
      return [...urls.filter(fresh), ...urls.filter((url) => !fresh(url))];
    },
    failed(url, problem) {
      const known = failedAt.has(url);
      failedAt.set(url, now());
      // Only a change is news: one line when a server stops answering, not one per attempt.
      if (!known && urls.length > 1) logger.warn({ url, problem }, 'LDAP server cannot be used; trying the next one');
    },
    worked(url) {
      if (failedAt.delete(url) && urls.length > 1) logger.info({ url }, 'LDAP server answers again');
    },
  };
}
