/**
 * Per-API-key request budget: fixed one-minute windows counted in this process. Each app
 * instance enforces it on its own (N instances allow N × the limit): it protects an instance
 * from one integration's flood without a database write on every request. Sign-in, where an
 * attacker gains by spreading guesses over instances, is throttled in the database instead.
 */
export const RATE_WINDOW_MS = 60_000;
const DEFAULT_LIMIT = 6_000;
const MAX_TRACKED = 10_000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/** BATON_API_RATE_LIMIT: requests per key per minute and instance; 0 turns the limit off. */
export function apiRateLimit(): number {
  const n = Number(process.env.BATON_API_RATE_LIMIT ?? DEFAULT_LIMIT);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_LIMIT;
}

const windows = new Map<string, { start: number; count: number }>();

export function takeRequest(key: string, now = Date.now()): RateDecision | null {
  const limit = apiRateLimit();
  if (limit === 0) return null;
  let w = windows.get(key);
  if (!w || now - w.start >= RATE_WINDOW_MS) {
    if (!w && windows.size >= MAX_TRACKED) {
      for (const [k, old] of windows) if (now - old.start >= RATE_WINDOW_MS) windows.delete(k);
    }
    w = { start: now, count: 0 };
    windows.set(key, w);
  }
  w.count += 1;
  return {
    allowed: w.count <= limit,
    limit,
    remaining: Math.max(0, limit - w.count),
    resetSeconds: Math.max(1, Math.ceil((w.start + RATE_WINDOW_MS - now) / 1000)),
  };
}

export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(d.limit),
    "RateLimit-Remaining": String(d.remaining),
    "RateLimit-Reset": String(d.resetSeconds),
  };
}
