/**
 * Before a queue change is saved: who could still take a booking with these settings? A member
 * cannot when paused (weight 0), capped at 0 a day or week, deactivated, absent from now on for the
 * next week, or without any working hours (no weekly hours and no override with hours ahead).
 */
import { and, eq, gt, inArray, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { availabilityExceptions, users, workingHourOverrides, workingHours } from "@/db/schema";
import type { QueueUpdateBody } from "@/lib/api/schemas/queues";
import { getWorkspaceQueue } from "./get-queue";
import { DAY_MS } from "@/lib/time-units";

export type BlockReason = "paused" | "capped" | "deactivated" | "absent" | "no_hours";
export interface QueueCoverage {
  /** Members who could take a booking. */
  able: number;
  members: { userId: string; name: string; reason: BlockReason | null }[];
}

export async function checkQueueCoverage(
  db: DbOrTx,
  workspaceId: string,
  queueId: string,
  settings: Pick<QueueUpdateBody, "users">,
  now = new Date(),
): Promise<QueueCoverage> {
  await getWorkspaceQueue(db, workspaceId, queueId);
  const ids = settings.users.map((u) => u.userId);
  if (!ids.length) return { able: 0, members: [] };
  const today = now.toISOString().slice(0, 10);
  const [people, hours, overrides, away] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, deactivatedAt: users.deactivatedAt })
      .from(users)
      .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids))),
    db.selectDistinct({ userId: workingHours.userId }).from(workingHours).where(inArray(workingHours.userId, ids)),
    db
      .select({ userId: workingHourOverrides.userId, ranges: workingHourOverrides.ranges })
      .from(workingHourOverrides)
      .where(and(inArray(workingHourOverrides.userId, ids), gt(workingHourOverrides.day, today))),
    // Away for the whole coming week: an absence that covers [now, now + 7 days).
    db
      .selectDistinct({ userId: availabilityExceptions.userId })
      .from(availabilityExceptions)
      .where(
        and(
          inArray(availabilityExceptions.userId, ids),
          eq(availabilityExceptions.isAvailable, false),
          lte(availabilityExceptions.startsAt, now),
          gt(availabilityExceptions.endsAt, new Date(now.getTime() + 7 * DAY_MS)),
        ),
      ),
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const withHours = new Set([
    ...hours.map((h) => h.userId),
    ...overrides.filter((o) => o.ranges.length > 0).map((o) => o.userId),
  ]);
  const absent = new Set(away.map((a) => a.userId));
  const members = settings.users.map((u) => {
    const p = byId.get(u.userId);
    const reason: BlockReason | null = !p
      ? "deactivated"
      : p.deactivatedAt
        ? "deactivated"
        : u.weight === 0
          ? "paused"
          : u.capPerDay === 0 || u.capPerWeek === 0
            ? "capped"
            : absent.has(u.userId)
              ? "absent"
              : !withHours.has(u.userId)
                ? "no_hours"
                : null;
    return { userId: u.userId, name: p?.name ?? "Unknown", reason };
  });
  return { able: members.filter((m) => m.reason === null).length, members };
}
