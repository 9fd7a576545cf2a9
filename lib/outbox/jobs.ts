/**
 * The outbox's state transitions. Every comparison uses the database clock (now()), so
 * instances with skewed clocks still agree on who holds a lease.
 */
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { outboxJobs, type OutboxJob } from "@/db/schema";

const earlier = alias(outboxJobs, "earlier");
const ms = (n: number) => sql`(${Math.max(0, Math.round(n))} * interval '1 millisecond')`;

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
  workerId: string;
  token: string;
  kinds?: string[];
}

/**
 * Claims up to `limit` due jobs: not leased (or the lease ran out: its instance died), and no
 * earlier unfinished job with the same ordering key. SKIP LOCKED lets every instance claim at once
 * without waiting on each other; the lease keeps the job theirs after this short transaction.
 */
export async function claimJobs(
  db: DbOrTx,
  { limit, leaseMs, workerId, token, kinds }: ClaimOptions,
): Promise<OutboxJob[]> {
  const due = db
    .select({ id: outboxJobs.id })
    .from(outboxJobs)
    .where(
      and(
        eq(outboxJobs.state, "pending"),
        lte(outboxJobs.runAt, sql`now()`),
        or(isNull(outboxJobs.lockedUntil), lt(outboxJobs.lockedUntil, sql`now()`)),
        kinds ? inArray(outboxJobs.kind, kinds) : undefined,
        or(
          isNull(outboxJobs.orderingKey),
          sql`not exists (${db
            .select({ one: sql`1` })
            .from(earlier)
            .where(
              and(
                eq(earlier.orderingKey, outboxJobs.orderingKey),
                eq(earlier.state, "pending"),
                lt(earlier.id, outboxJobs.id),
              ),
            )})`,
        ),
      ),
    )
    .orderBy(asc(outboxJobs.runAt), asc(outboxJobs.id))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(outboxJobs)
    .set({
      lockedUntil: sql`now() + ${ms(leaseMs)}`,
      lockToken: token,
      lockedBy: workerId,
      attempts: sql`${outboxJobs.attempts} + 1`,
    })
    .where(inArray(outboxJobs.id, due))
    .returning();
}

/** Keeps the leases of jobs still running, so a slow handler is not taken over by another instance. */
export async function extendLeases(
  db: DbOrTx,
  { ids, token, leaseMs }: { ids: number[]; token: string; leaseMs: number },
) {
  if (ids.length === 0) return;
  await db
    .update(outboxJobs)
    .set({ lockedUntil: sql`now() + ${ms(leaseMs)}` })
    .where(and(inArray(outboxJobs.id, ids), eq(outboxJobs.lockToken, token), eq(outboxJobs.state, "pending")));
}

const held = (job: Pick<OutboxJob, "id" | "lockToken">) =>
  and(eq(outboxJobs.id, job.id), eq(outboxJobs.lockToken, job.lockToken!), eq(outboxJobs.state, "pending"));

export async function completeJob(db: DbOrTx, job: Pick<OutboxJob, "id" | "lockToken">): Promise<boolean> {
  const rows = await db
    .update(outboxJobs)
    .set({ state: "done", finishedAt: sql`now()`, lockedUntil: null, lockToken: null, lastError: null })
    .where(held(job))
    .returning({ id: outboxJobs.id });
  return rows.length > 0;
}

/** Schedules the next attempt, or gives up ("dead") once the job is older than `maxAgeMs`. */
export async function failJob(
  db: DbOrTx,
  job: Pick<OutboxJob, "id" | "lockToken">,
  {
    error,
    delayMs,
    maxAgeMs,
    permanent = false,
  }: { error: string; delayMs: number; maxAgeMs: number; permanent?: boolean },
): Promise<"retry" | "dead" | "lost"> {
  const dead = permanent ? sql`true` : sql`${outboxJobs.createdAt} + ${ms(maxAgeMs)} <= now() + ${ms(delayMs)}`;
  const rows = await db
    .update(outboxJobs)
    .set({
      state: sql`case when ${dead} then 'dead' else 'pending' end`,
      finishedAt: sql`case when ${dead} then now() end`,
      runAt: sql`now() + ${ms(delayMs)}`,
      lockedUntil: null,
      lockToken: null,
      lastError: error.slice(0, 500),
    })
    .where(held(job))
    .returning({ state: outboxJobs.state });
  if (rows.length === 0) return "lost";
  return rows[0].state === "dead" ? "dead" : "retry";
}

/** Drops finished jobs after a week: the outbox is a queue, not an archive. */
export async function pruneFinishedJobs(db: DbOrTx, olderThanMs = 7 * 24 * 3_600_000): Promise<void> {
  await db.delete(outboxJobs).where(
    inArray(
      outboxJobs.id,
      db
        .select({ id: outboxJobs.id })
        .from(outboxJobs)
        .where(and(sql`${outboxJobs.state} <> 'pending'`, lt(outboxJobs.finishedAt, sql`now() - ${ms(olderThanMs)}`)))
        .limit(1000),
    ),
  );
}
