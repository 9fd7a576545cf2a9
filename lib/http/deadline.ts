import { unavailable } from "@/lib/errors";

/**
 * No request waits longer than this for an answer. The database limits (connect 3 s, lock 2 s,
 * statement 5 s) normally end slow work first; this also covers waiting for a pooled connection,
 * which PostgreSQL cannot time out.
 */
export const REQUEST_DEADLINE_MS = Number(process.env.REQUEST_DEADLINE_MS ?? 8_000);

/**
 * Settles with `work`, or with a 503 `unavailable` once `ms` pass. The work itself is not cancelled
 * (its own database timeouts end it and roll it back); its late failure is swallowed.
 */
export function withDeadline<T>(work: Promise<T>, ms = REQUEST_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(`The request did not finish within ${ms / 1000} s; retry it`)), ms);
  });
  work.catch(() => {});
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
