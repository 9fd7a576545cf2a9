/**
 * Read-only figures for the dashboard's charts: each member's bookings in the queue's current
 * fairness window (the same counters routing uses) against their target share, and confirmed
 * bookings per member over time.
 */
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { bookings, queueMemberStats } from "@/db/schema";
import { windowBounds, windowKey } from "@/lib/routing";
import type { QueueResponse } from "@/lib/api/schemas/queues";
import { getQueueDetail } from "@/lib/queues/describe-queues";
import type { UseCaseContext } from "@/lib/context";
import { targetShares } from "@/lib/routing/targets";
import { DAY_MS } from "@/lib/time-units";

export interface MemberShare {
  userId: string;
  name: string;
  weight: number;
  /** Real bookings counted in the current window. */
  count: number;
  /** count / all counted bookings of the queue in the window (0 when there are none). */
  share: number;
  target: number;
}
export interface QueueDistribution {
  queueId: string;
  windowKey: string;
  total: number;
  members: MemberShare[];
}

/** Distribution for several described queues with one stats query. */
export async function distributionFor(
  db: DbOrTx,
  list: QueueResponse[],
  timeZone: string,
  now = Date.now(),
): Promise<QueueDistribution[]> {
  if (!list.length) return [];
  const keys = new Map(list.map((q) => [q.id, windowKey(q.fairnessWindow, now, timeZone)]));
  const stats = await db
    .select()
    .from(queueMemberStats)
    .where(
      inArray(
        queueMemberStats.queueId,
        list.map((q) => q.id),
      ),
    );
  return list.map((q) => {
    const key = keys.get(q.id)!;
    const countOf = new Map(
      stats.filter((s) => s.queueId === q.id && s.windowKey === key).map((s) => [s.userId, s.count]),
    );
    const targets = targetShares(q.strategy, q.groups, q.users);
    const total = q.users.reduce((s, u) => s + (countOf.get(u.userId) ?? 0), 0);
    return {
      queueId: q.id,
      windowKey: key,
      total,
      members: q.users.map((u) => {
        const count = countOf.get(u.userId) ?? 0;
        return {
          userId: u.userId,
          name: u.name,
          weight: u.weight,
          count,
          share: total ? count / total : 0,
          target: targets[u.userId] ?? 0,
        };
      }),
    };
  });
}

export async function queueDistribution(
  ctx: UseCaseContext,
  queueId: string,
  now = Date.now(),
): Promise<QueueDistribution> {
  const q = await getQueueDetail(ctx.db, ctx.workspaceId, queueId);
  const [d] = await distributionFor(ctx.db, [q], ctx.timeZone, now);
  return d;
}

export type Granularity = "day" | "week";
export interface BookingSeries {
  granularity: Granularity;
  members: { userId: string; name: string }[];
  /** One row per bucket: { bucket: '2026-05-04' | '2026-W19', [userId]: count }. */
  rows: Array<{ bucket: string } & Record<string, number | string>>;
}

/** Buckets shown: days from a week back to two weeks ahead, or weeks from 8 back to 4 ahead. */
const SPAN: Record<Granularity, { back: number; ahead: number; step: number }> = {
  day: { back: 7, ahead: 14, step: DAY_MS },
  week: { back: 8, ahead: 4, step: 7 * DAY_MS },
};

/** Confirmed bookings of the queue per member, by the meeting's start, in the workspace zone. */
export async function queueBookingSeries(
  ctx: UseCaseContext,
  queueId: string,
  granularity: Granularity,
  now = Date.now(),
): Promise<BookingSeries> {
  const { db, workspaceId, timeZone: tz } = ctx;
  const q = await getQueueDetail(db, workspaceId, queueId);
  const span = SPAN[granularity];
  const from = windowBounds(granularity, now - span.back * span.step, tz).start;
  const to = windowBounds(granularity, now + span.ahead * span.step, tz).end;
  const rows = await db
    .select({ hostId: bookings.hostId, start: bookings.startsAt })
    .from(bookings)
    .where(
      and(
        eq(bookings.queueId, queueId),
        eq(bookings.status, "confirmed"),
        gte(bookings.startsAt, new Date(from)),
        lt(bookings.startsAt, new Date(to)),
      ),
    );
  const buckets: string[] = [];
  // Step through the range by half a bucket so DST days (23/25 h) never skip or repeat a key.
  for (let t = from; t < to; t += span.step / 2) {
    const k = windowKey(granularity, t, tz);
    if (buckets[buckets.length - 1] !== k) buckets.push(k);
  }
  const byBucket = new Map(
    buckets.map((b) => [b, { bucket: b } as { bucket: string } & Record<string, number | string>]),
  );
  for (const row of byBucket.values()) for (const u of q.users) row[u.userId] = 0;
  for (const r of rows) {
    const row = byBucket.get(windowKey(granularity, r.start.getTime(), tz));
    if (row) row[r.hostId] = ((row[r.hostId] as number | undefined) ?? 0) + 1;
  }
  return {
    granularity,
    members: q.users.map((u) => ({ userId: u.userId, name: u.name })),
    rows: [...byBucket.values()],
  };
}
