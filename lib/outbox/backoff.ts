/**
 * Retry schedule: exponential from 5 s, capped at 1 h per wait, with "equal jitter" (half fixed,
 * half random) so retries of many jobs that failed together spread out instead of stampeding.
 * A job is retried until it is `maxAgeMs` old (30 h by default: at least a full day of retries).
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

export const DEFAULT_MAX_AGE_MS = 30 * 60 * 60 * 1000;

export function retryDelayMs(
  attempts: number,
  { baseMs = 5_000, capMs = 3_600_000, random = Math.random }: BackoffOptions = {},
): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
