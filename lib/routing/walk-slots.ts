import { assignmentDeltas } from "./assign";
import { rankHosts } from "./rank";
import { countIn } from "./count-in";
import type { GroupInput, Interval, MemberInput, QueueConfig } from "./types";
import { windowBounds } from "./window";

/** A member as the walk needs it: caps are counted from its bookings' starts, not given as counts. */
export interface WalkMember extends Omit<MemberInput, "dayCount" | "weekCount"> {
  /** Starts of the member's confirmed bookings in the queue, sorted (for day and week caps). */
  capStarts: readonly number[];
}

export interface WalkInput {
  config: QueueConfig;
  groups: GroupInput[];
  members: readonly WalkMember[];
  /** Candidate slot starts (the meeting type's grid on members' working hours), ascending. */
  starts: readonly number[];
  durationMs: number;
  /** The meeting type's buffers: a placed booking blocks [start − before − after, end + after + before) for the next. */
  bufferBeforeMs: number;
  bufferAfterMs: number;
  /**
   * Leads arrive no faster than this (ms between placed bookings' starts; default 0 = one per
   * slot). The preview uses the meeting's length with both buffers, so whoever took the last
   * booking is free again for the next and weights decide rather than back-to-back blocking.
   */
  minGapMs?: number;
  /** How many bookings to place at most. */
  bookings: number;
  /** When the leads arrive (they all count in the fairness window of `now`). */
  now: number;
}

export interface CapReached {
  userId: string;
  kind: "daily" | "weekly";
  cap: number;
  /** Start of the booking that reached the cap. */
  at: number;
}

export interface WalkResult {
  counts: Record<string, number>;
  /** Placed bookings in order. */
  sequence: { userId: string; start: number }[];
  /** Every time a member's day or week filled up during the walk, in time order. */
  capsReached: CapReached[];
}

/**
 * "The next N bookings", as they would land: one lead per slot start (at most one per
 * `minGapMs`), in time order, routed by
 * rankHosts at that slot (working hours, absences, existing and already-placed bookings with
 * buffers, daily and weekly caps in the workspace zone, tiers); assignmentDeltas updates the
 * counters as a real booking would. A start where nobody is free is skipped. One lead per start
 * (not as many as there are free hosts) so that weights decide, as they do when leads pick
 * different times. All leads arrive now, so the fairness window does not roll over; `now`
 * advances by 1 ms per booking to keep "least recently assigned" meaningful. Inputs are not mutated.
 */
export function walkSlots(input: WalkInput): WalkResult {
  const { config, groups, durationMs } = input;
  const tz = config.timeZone;
  const pad = input.bufferBeforeMs + input.bufferAfterMs;
  const state: MemberInput[] = input.members.map((m) => ({
    ...m,
    busy: m.busy.slice(),
    dayCount: 0,
    weekCount: 0,
  }));
  const index = new Map(state.map((m, i) => [m.userId, i]));
  const capStarts = input.members.map((m) => m.capStarts);
  const placed: number[][] = input.members.map(() => []); // starts placed by the walk, ascending
  const counts: Record<string, number> = {};
  for (const m of state) counts[m.userId] = 0;
  const sequence: WalkResult["sequence"] = [];
  const capsReached: CapReached[] = [];
  let day: Interval = { start: 0, end: -1 };
  let week: Interval = { start: 0, end: -1 };
  let now = input.now;
  const gap = input.minGapMs ?? 0;
  let notBefore = -Infinity;

  for (const start of input.starts) {
    if (sequence.length >= input.bookings) break;
    if (start < notBefore) continue;
    if (!(start >= day.start && start < day.end)) day = windowBounds("day", start, tz);
    if (!(start >= week.start && start < week.end)) week = windowBounds("week", start, tz);
    for (let i = 0; i < state.length; i++) {
      state[i].dayCount = countIn(capStarts[i], day) + countIn(placed[i], day);
      state[i].weekCount = countIn(capStarts[i], week) + countIn(placed[i], week);
    }
    const end = start + durationMs;
    now += 1;
    const req = { start, end, now, limit: 1 };
    const result = rankHosts(config, groups, state, req);
    const host = result.nextHosts[0];
    if (!host) continue; // nobody free at this start: the lead takes a later one
    for (const d of assignmentDeltas(config, groups, state, req, host.userId, result)) {
      const m = state[index.get(d.userId)!];
      m.windowCount += d.windowCount;
      m.windowCredit += d.windowCredit;
      if (d.lastAssignedAt !== undefined) m.lastAssignedAt = d.lastAssignedAt;
    }
    const i = index.get(host.userId)!;
    const m = state[i];
    m.busy.push({ start: start - pad, end: end + pad });
    placed[i].push(start);
    counts[m.userId]++;
    sequence.push({ userId: m.userId, start });
    notBefore = start + gap;
    if (m.capPerDay !== null && m.dayCount + 1 === m.capPerDay)
      capsReached.push({ userId: m.userId, kind: "daily", cap: m.capPerDay, at: start });
    if (m.capPerWeek !== null && m.weekCount + 1 === m.capPerWeek)
      capsReached.push({ userId: m.userId, kind: "weekly", cap: m.capPerWeek, at: start });
  }
  return { counts, sequence, capsReached };
}
