// The options a console link or the API may send — destination, region, duration — checked at the
// edge, each with its own clear error, before any credentials are asked for.
import type { ConsoleOptions } from '../aws/index.ts';
import { badRequest } from '../errors.ts';
import { readDurationSeconds } from './issue-audited.ts';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const MAX_DESTINATION = 2048;

export type ConsoleRequest = ConsoleOptions & { durationSeconds?: number };

function text(raw: unknown, name: string): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw badRequest(`the ${name} must be given once, as text`, `${name}_invalid`);
  return raw.trim();
}

export function readRegion(raw: unknown): string | undefined {
  const region = text(raw, 'region');
  if (region !== undefined && !REGION.test(region)) throw badRequest(`'${region.slice(0, 40)}' is not an AWS region; write one such as eu-west-1`, 'region_invalid');
  return region;
}

/** `destination`, `region` and `duration` (or `durationSeconds`) from a query, a form or a JSON body. */
export function readConsoleRequest(source: Record<string, unknown>): ConsoleRequest {
  const destination = text(source.destination, 'destination');
  if (destination !== undefined && (destination.length > MAX_DESTINATION || /[\x00-\x1f\x7f]/.test(destination)))
    throw badRequest(`the destination must be at most ${MAX_DESTINATION} printable characters`, 'destination_invalid');
  if (source.duration !== undefined && source.durationSeconds !== undefined) throw badRequest('give duration or durationSeconds, not both');
  return { destination, region: readRegion(source.region), durationSeconds: readDurationSeconds(source.duration ?? source.durationSeconds) };
}
