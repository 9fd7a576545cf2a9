/**
 * Which app instance syncs which calendar: a lease on the connection row. Claiming is one short
 * statement (`FOR UPDATE SKIP LOCKED` picks due rows nobody else is claiming at that instant, the
 * lease keeps them ours afterwards); the sync itself runs after that transaction has committed, so
 * no row lock is held while a calendar server is called. A crashed instance's lease simply expires.
 */
import { and, asc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { calendarConnections, type CalendarConnection } from "@/db/schema";
import { LEASE_MS } from "./sync-policy";

/** A lease holder id for this process: readable in the database, unique across restarts. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

const free = (now: Date) => or(isNull(calendarConnections.leaseUntil), lt(calendarConnections.leaseUntil, now));

/** Claims up to `limit` enabled connections that are due, oldest due first. */
export async function claimDueConnections(
  db: Db,
  options: { owner: string; limit: number; now?: Date },
): Promise<CalendarConnection[]> {
  const now = options.now ?? new Date();
  const due = db
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(and(eq(calendarConnections.enabled, true), lte(calendarConnections.nextSyncAt, now), free(now)))
    .orderBy(asc(calendarConnections.nextSyncAt))
    .limit(options.limit)
    .for("update", { skipLocked: true });
  return db
    .update(calendarConnections)
    .set({ leaseOwner: options.owner, leaseUntil: new Date(now.getTime() + LEASE_MS), lastAttemptAt: now })
    .where(and(inArray(calendarConnections.id, due), free(now)))
    .returning();
}

/** Claims one connection now, due or not ("sync now"); null when another instance is syncing it. */
export async function claimConnection(
  db: Db,
  options: { id: string; owner: string; now?: Date },
): Promise<CalendarConnection | null> {
  const now = options.now ?? new Date();
  const [row] = await db
    .update(calendarConnections)
    .set({ leaseOwner: options.owner, leaseUntil: new Date(now.getTime() + LEASE_MS), lastAttemptAt: now })
    .where(and(eq(calendarConnections.id, options.id), eq(calendarConnections.enabled, true), free(now)))
    .returning();
  return row ?? null;
}
