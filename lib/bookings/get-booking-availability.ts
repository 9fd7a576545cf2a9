/** GET /v4/booking-availability — bookable slots: working hours on the grid, minus what routing would refuse. */
import type { DbOrTx } from "@/db/client";
import { badRequest } from "@/lib/errors";
import { rankHosts } from "@/lib/routing";
import { freeStarts, gridStarts, resolveRange, unionStarts } from "@/lib/slots";
import { MAX_RANGE_DAYS, type AvailabilityQuery, type AvailabilityResponse } from "@/lib/api/schemas/availability";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { bookingQueue } from "@/lib/queues/get-queue";
import { workspaceTimeZone } from "@/lib/workspaces/get-workspace-time-zone";
import { loadQueueSnapshot, memberInputsAt } from "@/lib/queues/load-queue-snapshot";
import { DAY_MS, MINUTE_MS } from "@/lib/time-units";

/** 62 days, plus an hour so a range spanning a DST change is not refused. */
const MAX_RANGE_MS = MAX_RANGE_DAYS * DAY_MS + 3_600_000;

/**
 * Candidates: each active member's working hours (own zone) on the slotInterval grid, after
 * minimum notice, without their exceptions and buffered bookings. A candidate is offered when
 * rankHosts finds at least one eligible host for it, so caps, pauses and tiers apply exactly as
 * they will when the booking is made. hostIds lists the eligible hosts in routing order.
 */
export async function bookingAvailability(
  db: DbOrTx,
  workspaceId: string,
  q: AvailabilityQuery,
  now = Date.now(),
): Promise<AvailabilityResponse> {
  const mt = await getMeetingType(db, workspaceId, q.meetingTypeId);
  const queue = await bookingQueue(db, workspaceId, mt.id, q.queueId);
  const wsZone = await workspaceTimeZone(db, workspaceId);
  const timeZone = q.timezone ?? wsZone;
  const range = resolveRange(q.start, q.end, timeZone);
  if (!(range.end > range.start)) throw badRequest("end must be after start", { field: "end" });
  if (range.end - range.start > MAX_RANGE_MS)
    throw badRequest(`The range may span at most ${MAX_RANGE_DAYS} days`, { field: "end" });

  const durationMs = mt.durationMinutes * MINUTE_MS;
  const out: AvailabilityResponse = {
    meetingTypeId: mt.id,
    queueId: queue?.id ?? null,
    timeZone,
    start: new Date(range.start).toISOString(),
    end: new Date(range.end).toISOString(),
    availableSlots: [],
  };
  if (!queue) return out;

  const snap = await loadQueueSnapshot(db, queue, {
    workspaceTimeZone: wsZone,
    now,
    range: { start: range.start, end: range.end + durationMs },
    bufferBeforeMinutes: mt.bufferBeforeMinutes,
    bufferAfterMinutes: mt.bufferAfterMinutes,
  });
  const grid = {
    durationMs,
    stepMs: mt.slotIntervalMinutes * MINUTE_MS,
    notBefore: now + mt.minimumNoticeMinutes * MINUTE_MS,
    range,
  };
  const starts = unionStarts(
    snap.members
      .filter((m) => m.weight > 0)
      .map((m) => freeStarts(gridStarts(m.workingHours ?? [], grid), durationMs, [...m.busy, ...m.exceptions])),
  );

  for (const start of starts) {
    const end = start + durationMs;
    const { nextHosts } = rankHosts(snap.config, snap.groups, memberInputsAt(snap, start), { start, end, now });
    if (!nextHosts.length) continue;
    out.availableSlots.push({
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      hostIds: nextHosts.map((h) => h.userId),
      availableHosts: nextHosts.length,
    });
  }
  return out;
}
