import type { Interval, MemberInput } from "./types";

/**
 * For each slot [start, start + durationMs), how many members are eligible: exactly rankHosts'
 * `eligibleCount` for that slot (the same checks as eligibilityCode: paused, exceptions, busy time,
 * calendar, working hours, day and week caps), found for all slots at once. Per member one sweep
 * over the ascending starts and its intervals sorted by start, instead of scanning every list for
 * every slot: availability for hundreds of hosts over two months asks millions of slot × host questions.
 * `starts` must be ascending; the members' caps are counted for the day the starts are on (memberInputsAt).
 */
export function eligibleCounts(
  members: readonly MemberInput[],
  starts: readonly number[],
  durationMs: number,
): Int32Array {
  const counts = new Int32Array(starts.length);
  const n = starts.length;
  for (const m of members) {
    if (!(m.weight > 0)) continue;
    if (m.capPerDay !== null && m.dayCount >= m.capPerDay) continue;
    if (m.capPerWeek !== null && m.weekCount >= m.capPerWeek) continue;
    // Blocked where any exception, booking or calendar event overlaps the slot: among the intervals
    // starting before the slot ends (a set that only grows as the slots move on), the latest end is after its start.
    const blocked = byStart([...m.exceptions, ...m.busy, ...(m.calendarBusy ?? [])]);
    // Inside working hours where an interval starting at or before the slot's start ends at or after its end.
    const working = m.workingHours === null ? null : byStart(m.workingHours);
    let b = 0;
    let blockedUntil = -Infinity;
    let w = 0;
    let workingUntil = -Infinity;
    for (let k = 0; k < n; k++) {
      const start = starts[k];
      const end = start + durationMs;
      while (b < blocked.length && blocked[b].start < end) {
        if (blocked[b].end > blockedUntil) blockedUntil = blocked[b].end;
        b++;
      }
      if (blockedUntil > start) continue;
      if (working !== null) {
        while (w < working.length && working[w].start <= start) {
          if (working[w].end > workingUntil) workingUntil = working[w].end;
          w++;
        }
        if (!(workingUntil >= end)) continue;
      }
      counts[k]++;
    }
  }
  return counts;
}

/** `intervals` sorted by start: as given when they already are (the same array), else a sorted copy. */
export function byStart<T extends Interval>(intervals: readonly T[]): readonly T[] {
  for (let i = 1; i < intervals.length; i++)
    if (intervals[i].start < intervals[i - 1].start) return intervals.toSorted((a, b) => a.start - b.start);
  return intervals;
}
