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

/** Union of several start lists, deduplicated and sorted (a native numeric sort, no comparator calls). */
export function unionStarts(lists: readonly (readonly number[])[]): number[] {
  let n = 0;
  for (const l of lists) n += l.length;
  const all = new Float64Array(n);
  let i = 0;
  for (const l of lists) for (const s of l) all[i++] = s;
  all.sort();
  const out: number[] = [];
  for (let j = 0; j < n; j++) if (j === 0 || all[j] !== all[j - 1]) out.push(all[j]);
  return out;
}
