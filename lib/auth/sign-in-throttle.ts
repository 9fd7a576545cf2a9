/**
 * Sign-in throttling per email and per client, counted in the database so that several app
 * instances share one budget. Every attempt is counted before the password is checked (so a
 * burst of parallel guesses is throttled too); a successful sign-in forgets the email's count
 * and refunds its client's attempt, so only failures add up.
 */
import { createHash } from "node:crypto";
import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInThrottle } from "@/db/schema";

export const SIGN_IN_WINDOW_MINUTES = 15;
/** Failed attempts allowed per window: per email (guessing one account) and per client (spraying many). */
export const SIGN_IN_LIMITS = { email: 5, client: 30 } as const;

export interface SignInSubject {
  email: string;
  /** Client address as the nearest proxy reported it; see clientAddress. */
  client: string;
}

const keyOf = (kind: "email" | "client", value: string) =>
  `${kind}:${createHash("sha256").update(value.trim().toLowerCase()).digest("hex")}`;

/**
 * The client as the nearest proxy saw it: the last X-Forwarded-For entry (Next.js fills the
 * header with the socket address when no proxy did). Behind no proxy a client can choose this
 * value; the per-email limit does not depend on it.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || headers.get("x-real-ip") || "unknown";
}

async function count(db: Db, key: string): Promise<{ attempts: number; windowStart: Date }> {
  const expired = sql`${signInThrottle.windowStart} <= now() - make_interval(mins => ${SIGN_IN_WINDOW_MINUTES})`;
  const [row] = await db
    .insert(signInThrottle)
    .values({ key, attempts: 1, windowStart: sql`now()` })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        attempts: sql`case when ${expired} then 1 else ${signInThrottle.attempts} + 1 end`,
        windowStart: sql`case when ${expired} then now() else ${signInThrottle.windowStart} end`,
      },
    })
    .returning({ attempts: signInThrottle.attempts, windowStart: signInThrottle.windowStart });
  return row;
}

/** Counts one attempt. `retryAfterSeconds` is set when the attempt must be refused unchecked. */
export async function countSignInAttempt(db: Db, s: SignInSubject): Promise<{ retryAfterSeconds: number | null }> {
  const windows = await Promise.all([
    count(db, keyOf("email", s.email)).then((c) => ({ ...c, limit: SIGN_IN_LIMITS.email })),
    count(db, keyOf("client", s.client)).then((c) => ({ ...c, limit: SIGN_IN_LIMITS.client })),
  ]);
  const over = windows.filter((w) => w.attempts > w.limit);
  if (over.length === 0) return { retryAfterSeconds: null };
  const until = Math.max(...over.map((w) => w.windowStart.getTime() + SIGN_IN_WINDOW_MINUTES * 60_000));
  return { retryAfterSeconds: Math.max(1, Math.ceil((until - Date.now()) / 1000)) };
}

/** After a successful sign-in: the email starts afresh and the client gets its attempt back. */
export async function forgetSignInAttempts(db: Db, s: SignInSubject): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.key, keyOf("email", s.email)));
  await db
    .update(signInThrottle)
    .set({ attempts: sql`greatest(${signInThrottle.attempts} - 1, 0)` })
    .where(eq(signInThrottle.key, keyOf("client", s.client)));
  // Old windows are worthless; sweep them here, where it costs a successful sign-in only.
  await db.delete(signInThrottle).where(lt(signInThrottle.windowStart, sql`now() - interval '1 day'`));
}
