/** GET /v4/booking-availability — bookable slots: working hours on the grid, minus what routing would refuse. */
import { badRequest } from "@/lib/errors";
import { rankHosts } from "@/lib/routing";
import { byStart, freeStarts, gridStarts, resolveRange, unionStarts } from "@/lib/slots";
import { MAX_RANGE_DAYS, type AvailabilityQuery, type AvailabilityResponse } from "@/lib/api/schemas/availability";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { bookingQueue } from "@/lib/queues/get-queue";
import type { UseCaseContext } from "@/lib/context";
import { loadQueueSnapshot, memberInputsAt, readQueueRoster } from "@/lib/queues/load-queue-snapshot";
import { DAY_MS, MINUTE_MS } from "@/lib/time-units";
import { yieldSlices } from "@/lib/concurrency/yield-slices";

/** 62 days, plus an hour so a range spanning a DST change is not refused. */
const MAX_RANGE_MS = MAX_RANGE_DAYS * DAY_MS + 3_600_000;
/**
 * The most (candidate slot × active host) checks one request may cost. Each check is one host
 * ranked for one start, and at most one entry in a slot's hostIds, so this bounds both the time
 * (about 1 s today) and the response size (up to ~8 MB). A bigger request gets a 400 naming the limit and a
 * range that fits. Raise it as ranking gets faster (issue 16).
 */
export const MAX_AVAILABILITY_CHECKS = 200_000;
/**
 * The most host × day pairs one request may load: expanding working hours costs about 0.1 ms per
 * pair today, so this keeps the preparation near 0.5 s (300 hosts: 20 days; 100 hosts: 62 days).
 */
export const MAX_AVAILABILITY_HOST_DAYS = 6_000;

/**
 * Candidates: each active member's working hours (own zone) on the slotInterval grid, after
 * minimum notice, without their exceptions and buffered bookings. A candidate is offered when
 * rankHosts finds at least one eligible host for it, so caps, pauses and tiers apply exactly as
 * they will when the booking is made. hostIds lists the eligible hosts in routing order.
 */
export async function bookingAvailability(
  ctx: UseCaseContext,
  q: AvailabilityQuery,
  now = Date.now(),
): Promise<AvailabilityResponse> {
  const { db, workspaceId } = ctx;
  // Both at once, their errors judged in the order they were once read: the meeting type's 404 first.
  const [mtR, queueR] = await Promise.allSettled([
    getMeetingType(db, workspaceId, q.meetingTypeId),
    bookingQueue(db, workspaceId, q.meetingTypeId, q.queueId),
  ]);
  if (mtR.status === "rejected") throw mtR.reason;
  if (queueR.status === "rejected") throw queueR.reason;
  const mt = mtR.value;
  const queue = queueR.value;
  const wsZone = ctx.timeZone;
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

  const pause = yieldSlices();
  // The roster is the snapshot's first read; the bound counts its active members.
  const roster = await readQueueRoster(db, queue.id);
  const hosts = roster[0].filter((r) => r.m.weight > 0).length;
  const days = Math.ceil((range.end - range.start) / DAY_MS);
  if (hosts * days > MAX_AVAILABILITY_HOST_DAYS) {
    // What surely fits: within the host-days and, with slots around the clock, within the checks.
    const slotsPerDay = DAY_MS / (mt.slotIntervalMinutes * MINUTE_MS);
    const fits = Math.max(
      1,
      Math.min(
        Math.floor(MAX_AVAILABILITY_HOST_DAYS / hosts),
        Math.floor(MAX_AVAILABILITY_CHECKS / (hosts * slotsPerDay)),
      ),
    );
    throw tooLarge(`${hosts} hosts × ${days} days is more than ${MAX_AVAILABILITY_HOST_DAYS} host-days`, fits);
  }
  const snap = await loadQueueSnapshot(db, queue, {
    workspaceTimeZone: wsZone,
    now,
    range: { start: range.start, end: range.end + durationMs },
    buffers: mt,
    pause,
    roster,
  });
  const grid = {
    durationMs,
    stepMs: mt.slotIntervalMinutes * MINUTE_MS,
    notBefore: now + mt.minimumNoticeMinutes * MINUTE_MS,
    range,
  };
  const active = snap.members.filter((m) => m.weight > 0);
  // Each member's blocked time for the whole range, merged and sorted once (not once per day).
  const blocked = active.map((m) => byStart([...m.busy, ...(m.calendarBusy ?? []), ...m.exceptions]));

  // Candidate starts one day at a time, counting the checks they will cost and stopping (with a
  // range that fits) as soon as they pass the bound: a refused request costs no more than an allowed one.
  const startsByDay: number[][] = [];
  let checks = 0;
  for (let from = range.start; from < range.end; from += DAY_MS) {
    const day = { ...grid, range: { start: from, end: Math.min(from + DAY_MS, range.end) } };
    const lists: number[][] = [];
    for (const [i, m] of active.entries()) {
      lists.push(freeStarts(gridStarts(m.workingHours ?? [], day), durationMs, blocked[i]));
      await pause();
    }
    const starts = unionStarts(lists);
    checks += starts.length * active.length;
    if (checks > MAX_AVAILABILITY_CHECKS) {
      const fits = Math.max(1, Math.floor(((startsByDay.length + 1) * MAX_AVAILABILITY_CHECKS) / checks));
      throw tooLarge(
        `it would check more than ${MAX_AVAILABILITY_CHECKS} slot × host combinations ` +
          `(${active.length} hosts, a slot every ${mt.slotIntervalMinutes} min)`,
        fits,
      );
    }
    startsByDay.push(starts);
    await pause();
  }

  // hosts=count: the engine still checks every member, but ranks none (limit 0); its eligibleCount is
  // the length the full list would have.
  const countOnly = q.hosts === "count";
  for (const starts of startsByDay) {
    for (const start of starts) {
      const end = start + durationMs;
      const req = { start, end, now, ...(countOnly ? { limit: 0 } : {}) };
      const { nextHosts, eligibleCount } = rankHosts(
        snap.config,
        snap.groups,
        memberInputsAt(snap, start, { spanMs: durationMs }),
        req,
      );
      await pause();
      const available = countOnly ? (eligibleCount ?? 0) : nextHosts.length;
      if (!available) continue;
      out.availableSlots.push({
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        ...(countOnly ? {} : { hostIds: nextHosts.map((h) => h.userId) }),
        availableHosts: available,
      });
    }
  }
  return out;
}

function tooLarge(why: string, maxDays: number) {
  return badRequest(
    `This range is too large for one request: ${why}. Ask for at most ${maxDays} day${maxDays === 1 ? "" : "s"} at a time.`,
    { field: "end", limits: { checks: MAX_AVAILABILITY_CHECKS, hostDays: MAX_AVAILABILITY_HOST_DAYS }, maxDays },
  );
}
