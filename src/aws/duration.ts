// Chooses a session's DurationSeconds: what was asked, within the role's maximum and STS's limits.
import { formatDuration } from '../config/index.ts';

export const MIN_DURATION = 900;
export const CHAINED_MAX_DURATION = 3600;

export type DurationChoice = { seconds: number; notices: string[] };

/**
 * `requested` (default: the role's maximum) clamped to [900 s, role maximum, action maximum]; when
 * Roleport itself holds temporary credentials the call is role chaining and AWS caps it at 1 hour.
 */
export function chooseDuration(options: {
  requested?: number;
  roleMax: number;
  actionMax: number;
  chained: boolean;
}): DurationChoice {
  const notices: string[] = [];
  let seconds = options.requested ?? options.roleMax;
  if (seconds < MIN_DURATION) seconds = MIN_DURATION;
  const limit = Math.min(options.roleMax, options.actionMax);
  if (seconds > limit) {
    if (options.requested !== undefined) notices.push(`You asked for ${formatDuration(options.requested)}; this role allows at most ${formatDuration(limit)}.`);
    seconds = limit;
  }
  if (options.chained && seconds > CHAINED_MAX_DURATION) {
    notices.push(
      `This session lasts 1h instead of ${formatDuration(seconds)}: Roleport signs in to AWS with temporary role credentials, ` +
        'and AWS limits sessions of a role assumed from another role (role chaining) to 1 hour.',
    );
    seconds = CHAINED_MAX_DURATION;
  }
  return { seconds, notices };
}
