import type { Interval } from "@/lib/routing";

export interface GridOptions {
  durationMs: number;
  stepMs: number;
  /** Only slots starting at or after this instant (now + minimum notice). */
  notBefore: number;
  /** The query range: slots must start inside it. */
  range: Interval;
}

/**
 * Candidate slot starts on the grid of each working interval: interval.start + k·step,
 * the whole slot inside the interval, start in range and not before `notBefore`.
 */
export function gridStarts(working: readonly Interval[], o: GridOptions): number[] {
  const out: number[] = [];
  if (!(o.stepMs > 0) || !(o.durationMs > 0)) return out;
  const from = Math.max(o.range.start, o.notBefore);
  for (const iv of working) {
    let k = Math.max(0, Math.ceil((from - iv.start) / o.stepMs));
    for (
      let s = iv.start + k * o.stepMs;
      s + o.durationMs <= iv.end && s < o.range.end;
      s = iv.start + ++k * o.stepMs
    ) {
      out.push(s);
    }
  }
  return out;
}

/** Starts from `candidates` whose slot [s, s+duration) overlaps none of `busy`. */
export function freeStarts(candidates: readonly number[], durationMs: number, busy: readonly Interval[]): number[] {
  return candidates.filter((s) => !busy.some((b) => b.start < s + durationMs && b.end > s));
}

/** Union of several sorted start lists, deduplicated and sorted. */
export function unionStarts(lists: readonly number[][]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}
