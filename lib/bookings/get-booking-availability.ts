/** GET /v4/booking-availability — bookable slots: working hours on the grid, minus what routing would refuse. */
import { badRequest } from "@/lib/errors";
import { eligibleCounts, rankHostIds, type Interval } from "@/lib/routing";
import { gridStarts, resolveRange, unionStarts } from "@/lib/slots";
import { MAX_RANGE_DAYS, type AvailabilityQuery, type AvailabilityResponse } from "@/lib/api/schemas/availability";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { bookingQueue } from "@/lib/queues/get-queue";
import type { UseCaseContext } from "@/lib/context";
import {
  loadQueueSnapshot,
  memberInputsAt,
  readQueueRoster,
  type QueueSnapshot,
} from "@/lib/queues/load-queue-snapshot";
import { DAY_MS, MINUTE_MS } from "@/lib/time-units";
import { yieldSlices } from "@/lib/concurrency/yield-slices";

/** 62 days, plus an hour so a range spanning a DST change is not refused. */
const MAX_RANGE_MS = MAX_RANGE_DAYS * DAY_MS + 3_600_000;
/**
 * With hostIds: the most (candidate slot × active host) checks one request may cost. Each check is one
 * host ranked for one start and at most one entry in a slot's hostIds, so this bounds both the time
 * and the response size (up to ~8 MB). A bigger request gets a 400 naming the limit and a range that fits.
 */
export const MAX_AVAILABILITY_CHECKS = 200_000;
/**
 * With hosts=count: the most (candidate slot × active host) checks, counted by one sweep per member
 * and day (eligibleCounts) instead of a ranking per slot. 300 hosts, 62 days, a slot every 5 minutes
 * around the clock is 5.4 million; with 1-minute slots the bound stops it at 13 days.
 */
export const MAX_COUNTED_CHECKS = 6_000_000;
/**
 * The most host × day pairs one request may load (each member's working hours, bookings, calendar and
 * exceptions over the range): 300 hosts for the longest range, 62 days.
 */
export const MAX_AVAILABILITY_HOST_DAYS = 300 * MAX_RANGE_DAYS;

/**
 * Candidates: each active member's working hours (own zone) on the slotInterval grid, after minimum
 * notice. A candidate is offered when the engine finds at least one eligible host for it (eligibleCounts,
 * rankHosts' eligibleCount for every slot at once), so pauses, exceptions, buffered bookings, calendars
 * and caps apply exactly as they will when the booking is made. hostIds lists the eligible hosts in
 * routing order (the engine's ranking of each offered slot, rankHostIds).
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
  // Counts unless the host lists are asked for: most clients only show the times (and maybe how many are free).
  const countOnly = q.hosts !== "ids";
  const bound = countOnly ? MAX_COUNTED_CHECKS : MAX_AVAILABILITY_CHECKS;
  if (hosts * days > MAX_AVAILABILITY_HOST_DAYS) {
    // What surely fits: within the host-days and, with slots around the clock, within the checks.
    const slotsPerDay = DAY_MS / (mt.slotIntervalMinutes * MINUTE_MS);
    const fits = Math.max(
      1,
      Math.min(Math.floor(MAX_AVAILABILITY_HOST_DAYS / hosts), Math.floor(bound / (hosts * slotsPerDay))),
    );
    throw tooLarge(`${hosts} hosts × ${days} days is more than ${MAX_AVAILABILITY_HOST_DAYS} host-days`, fits, bound);
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
  // Candidate starts: the grid of every working interval of an active member. Members mostly share
  // their hours, so each distinct interval is walked once, not once per member.
  const working = distinctIntervals(active.flatMap((m) => m.workingHours ?? []));

  // One day at a time: the candidates and the checks they will cost, stopping with a range that fits as
  // soon as they pass the bound (a refused request costs no more than an allowed one); counted, each
  // candidate's number of eligible hosts from the engine; with hostIds, the engine's ranking of each.
  const byDay: { start: number; available: number }[][] = [];
  let checks = 0;
  for (let from = range.start; from < range.end; from += DAY_MS) {
    const day = { ...grid, range: { start: from, end: Math.min(from + DAY_MS, range.end) } };
    const starts = unionStarts([gridStarts(working, day)]);
    checks += starts.length * active.length;
    if (checks > bound) {
      const fits = Math.max(1, Math.floor(((byDay.length + 1) * bound) / checks));
      throw tooLarge(
        `it would check more than ${bound} slot × host combinations ` +
          `(${active.length} hosts, a slot every ${mt.slotIntervalMinutes} min${countOnly ? "" : ", each with its hostIds"})`,
        fits,
        bound,
      );
    }
    if (countOnly) {
      const counts = eligibleByDay(snap, starts, durationMs);
      byDay.push(starts.flatMap((start, k) => (counts[k] > 0 ? [{ start, available: counts[k] }] : [])));
    } else byDay.push(starts.map((start) => ({ start, available: 0 })));
    await pause();
  }

  for (const candidates of byDay) {
    for (const { start, available } of candidates) {
      const end = start + durationMs;
      const slot = { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
      await pause();
      if (countOnly) {
        out.availableSlots.push({ ...slot, availableHosts: available });
        continue;
      }
      const members = memberInputsAt(snap, start, { spanMs: durationMs });
      const hostIds = rankHostIds(snap.config, snap.groups, members, { start, end, now });
      if (hostIds.length === 0) continue;
      out.availableSlots.push({ ...slot, hostIds, availableHosts: hostIds.length });
    }
  }
  return out;
}

/**
 * The engine's count of eligible hosts for each start (ascending), with each start's members as of its
 * day in the workspace's zone (day caps): one eligibleCounts call per run of starts on the same day.
 */
function eligibleByDay(snap: QueueSnapshot, starts: number[], durationMs: number): Int32Array {
  const counts = new Int32Array(starts.length);
  const inputsAt = (at: number) => memberInputsAt(snap, at, { spanMs: durationMs });
  for (let i = 0; i < starts.length;) {
    const inputs = inputsAt(starts[i]);
    let j = i + 1;
    while (j < starts.length && inputsAt(starts[j]) === inputs) j++;
    counts.set(eligibleCounts(inputs, starts.slice(i, j), durationMs), i);
    i = j;
  }
  return counts;
}

/** The same intervals once each (members who share their working hours share their intervals' values). */
function distinctIntervals(intervals: Interval[]): Interval[] {
  const seen = new Map<string, Interval>();
  for (const iv of intervals) seen.set(`${iv.start}:${iv.end}`, iv);
  return [...seen.values()];
}

function tooLarge(why: string, maxDays: number, checks: number) {
  return badRequest(
    `This range is too large for one request: ${why}. Ask for at most ${maxDays} day${maxDays === 1 ? "" : "s"} at a time.`,
    { field: "end", limits: { checks, hostDays: MAX_AVAILABILITY_HOST_DAYS }, maxDays },
  );
}
