/**
 * Read-only figures for the dashboard's charts: each member's bookings in the queue's current
 * fairness window (the same counters routing uses) against the count they were expected to get
 * from the decisions actually made (lib/routing/expected.ts), and confirmed bookings per member
 * over time.
 */
import { and, eq, gte, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { bookings, events, queueMemberStats } from "@/db/schema";
import { STRATEGY_NAMES, type Strategy } from "@/db/strategies";
import {
  approximatePool,
  expectedCounts,
  isDeviation,
  windowBounds,
  windowKey,
  type Decision,
  type DecisionPool,
} from "@/lib/routing";
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
  /** Static share if everyone were always available (the engine's steady state). */
  target: number;
  /** Bookings this member should have by the window's decisions: Σ its share of each decision's pool. */
  expected: number;
  /** count − expected is a real deviation (isDeviation: > 1.5 bookings and > 10%). */
  deviation: boolean;
}
export interface QueueDistribution {
  queueId: string;
  windowKey: string;
  total: number;
  /** Decisions behind the expected counts (routed, and forced ones that count), bookings still confirmed. */
  decisions: number;
  /** Of those, decisions recorded before pools were stored, whose pool is approximated from today's queue. */
  approximated: number;
  members: MemberShare[];
}

interface DecisionRow {
  queueId: string | null;
  type: string;
  toUserId: string | null;
  data: Record<string, unknown> | null;
}

/** Distribution for several described queues with one stats query and one decisions query. */
export async function distributionFor(
  db: DbOrTx,
  list: QueueResponse[],
  timeZone: string,
  now = Date.now(),
): Promise<QueueDistribution[]> {
  if (!list.length) return [];
  const keys = new Map(list.map((q) => [q.id, windowKey(q.fairnessWindow, now, timeZone)]));
  // Decisions carry their window key; the time bound (a day early: creation and key may straddle
  // midnight by a transaction's length) only lets the query use events_workspace_idx.
  const since = Math.min(...list.map((q) => windowBounds(q.fairnessWindow, now, timeZone).start)) - DAY_MS;
  const ids = list.map((q) => q.id);
  const [stats, decisionRows] = await Promise.all([
    db.select().from(queueMemberStats).where(inArray(queueMemberStats.queueId, ids)),
    db
      .select({ queueId: events.queueId, type: events.type, toUserId: events.toUserId, data: events.data })
      .from(events)
      .innerJoin(bookings, eq(bookings.id, events.bookingId))
      .where(
        and(
          eq(events.workspaceId, list[0].workspaceId),
          gte(events.createdAt, new Date(Math.max(0, since))),
          inArray(events.type, ["booking.routed", "booking.forced"]),
          inArray(events.queueId, ids),
          eq(bookings.status, "confirmed"),
        ),
      ),
  ]);
  return list.map((q) => {
    const key = keys.get(q.id)!;
    const countOf = new Map(
      stats.filter((s) => s.queueId === q.id && s.windowKey === key).map((s) => [s.userId, s.count]),
    );
    const targets = targetShares(q.strategy, q.groups, q.users);
    const { decisions, approximated } = decisionsOf(
      q,
      decisionRows.filter((r) => r.queueId === q.id && r.data?.windowKey === key),
    );
    const expected = expectedCounts(decisions);
    const total = q.users.reduce((s, u) => s + (countOf.get(u.userId) ?? 0), 0);
    return {
      queueId: q.id,
      windowKey: key,
      total,
      decisions: decisions.length,
      approximated,
      members: q.users.map((u) => {
        const count = countOf.get(u.userId) ?? 0;
        const exp = expected[u.userId] ?? 0;
        return {
          userId: u.userId,
          name: u.name,
          weight: u.weight,
          count,
          share: total ? count / total : 0,
          target: targets[u.userId] ?? 0,
          expected: exp,
          deviation: isDeviation(count, exp),
        };
      }),
    };
  });
}

/** Routing events as decisions: the stored pool, or an approximation for events from before pools were stored. */
function decisionsOf(q: QueueResponse, rows: DecisionRow[]): { decisions: Decision[]; approximated: number } {
  const decisions: Decision[] = [];
  let approximated = 0;
  for (const r of rows) {
    const chosen = r.toUserId;
    if (!chosen) continue; // the host was deleted: nobody left to compare
    const data = r.data ?? {};
    if (r.type === "booking.forced") {
      // A host named by the caller: counted for them alone (and only when it counted at all).
      if (data.counted) decisions.push({ chosenUserId: chosen, pool: { [chosen]: 1 } });
      continue;
    }
    if (isPool(data.pool)) {
      decisions.push({ chosenUserId: chosen, pool: data.pool });
      continue;
    }
    approximated++;
    const strategy = (STRATEGY_NAMES as readonly string[]).includes(String(data.strategy))
      ? (data.strategy as Strategy)
      : q.strategy;
    const excluded = Array.isArray(data.excluded)
      ? (data.excluded as { userId?: unknown }[]).map((x) => String(x?.userId))
      : [];
    decisions.push({
      chosenUserId: chosen,
      pool: approximatePool({
        strategy,
        groups: q.groups,
        members: q.users,
        tier: typeof data.tier === "number" ? data.tier : null,
        excludedUserIds: excluded,
        chosenUserId: chosen,
      }),
    });
  }
  return { decisions, approximated };
}

function isPool(x: unknown): x is DecisionPool {
  return (
    typeof x === "object" && x !== null && !Array.isArray(x) && Object.values(x).every((v) => typeof v === "number")
  );
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
