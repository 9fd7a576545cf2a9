/**
 * How fresh the busy cache is kept, in one place (the sync use case, the refresher and status
 * displays read these).
 *
 * - Each enabled connection is synced every `SYNC_EVERY_MS` (incrementally: ctag / sync-token /
 *   ETag, so an unchanged calendar costs one small request), and fully (a windowed fetch that also
 *   moves the window forward) at least every `FULL_SYNC_EVERY_MS`.
 * - The cache covers from a day back to `HORIZON_DAYS` ahead. Routing reads only the cache.
 * - After a failure the connection is retried with exponential backoff (1 min … 1 h); the last known
 *   busy times stay in force meanwhile (a calendar server outage must not make a person look free
 *   or block every booking). A connection is "stale" when its last successful sync is older than
 *   `STALE_AFTER_MS`: the dashboard says so in plain words.
 */
export const SYNC_EVERY_MS = 5 * 60_000;
export const FULL_SYNC_EVERY_MS = 24 * 3_600_000;
export const HORIZON_DAYS = 180;
export const LOOKBACK_MS = 24 * 3_600_000;
export const STALE_AFTER_MS = 60 * 60_000;
/** Long enough for a whole sync under the request budget (30 s per operation, a few operations). */
export const LEASE_MS = 3 * 60_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 60 * 60_000;

const DAY_MS = 86_400_000;

/** The window a sync at `now` caches. */
export function syncWindow(now: Date): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - LOOKBACK_MS), to: new Date(now.getTime() + HORIZON_DAYS * DAY_MS) };
}

/**
 * When to try again after the `failures`-th failure in a row. Errors a person must fix (password,
 * address) wait the maximum: retrying sooner cannot help, and servers lock out repeated bad logins.
 */
export function retryDelayMs(failures: number, needsPerson: boolean): number {
  if (needsPerson) return BACKOFF_MAX_MS;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
}
