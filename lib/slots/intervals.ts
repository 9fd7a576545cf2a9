import type { Interval } from "@/lib/routing";
import { MINUTE_MS } from "@/lib/time-units";

/** Half-open [start, end) ranges in epoch ms: sorted, overlapping or touching ranges merged. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.start <= last.end) last.end = Math.max(last.end, iv.end);
    else out.push({ start: iv.start, end: iv.end });
  }
  return out;
}

/** `base` minus every range of `busy` (both may be unsorted); result sorted and merged. */
export function subtractIntervals(base: readonly Interval[], busy: readonly Interval[]): Interval[] {
  const cuts = mergeIntervals(busy);
  const out: Interval[] = [];
  for (const b of mergeIntervals(base)) {
    let cursor = b.start;
    for (const c of cuts) {
      if (c.end <= cursor) continue;
      if (c.start >= b.end) break;
      if (c.start > cursor) out.push({ start: cursor, end: c.start });
      cursor = Math.max(cursor, c.end);
      if (cursor >= b.end) break;
    }
    if (cursor < b.end) out.push({ start: cursor, end: b.end });
  }
  return out;
}

/** True when [start, end) lies entirely inside one range of a merged list. */
export function covers(list: readonly Interval[], start: number, end: number): boolean {
  return list.some((iv) => iv.start <= start && end <= iv.end);
}

/** Widens each range: `before` ms earlier, `after` ms later. */
export function widen(list: readonly Interval[], before: number, after: number): Interval[] {
  return list.map((iv) => ({ start: iv.start - before, end: iv.end + after }));
}

/** Buffers in minutes, named as on meeting types and bookings (either one is a Buffers). */
export interface Buffers {
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

/** No buffers: routing "right now", or previews that ignore them. */
export const NO_BUFFERS: Buffers = { bufferBeforeMinutes: 0, bufferAfterMinutes: 0 };

/** A booking's [start, end) with its own buffers, as stored on the booking. */
export interface BufferedInterval extends Interval, Buffers {}

/**
 * Busy time, against the BARE slot, of a booking with buffers `placing` next to `existing` bookings.
 * An existing booking occupies [start - its before, end + its after] (what bookings_no_overlap
 * enforces); the new one needs its own buffers free too, so each is widened by both.
 */
export function bufferedBusy(existing: readonly BufferedInterval[], placing: Buffers): Interval[] {
  const own = existing.map((b) => ({
    start: b.start - b.bufferBeforeMinutes * MINUTE_MS,
    end: b.end + b.bufferAfterMinutes * MINUTE_MS,
  }));
  return widen(own, placing.bufferAfterMinutes * MINUTE_MS, placing.bufferBeforeMinutes * MINUTE_MS);
}
