import { byStart, type Interval } from "@/lib/routing";

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

/**
 * Starts from `candidates` whose slot [s, s+duration) overlaps none of `busy` (any order). One sweep over
 * both sorted: the intervals starting before a slot's end only grow as the slots move on, so a slot is
 * busy exactly when the latest end among them is after its start.
 */
export function freeStarts(candidates: readonly number[], durationMs: number, busy: readonly Interval[]): number[] {
  if (busy.length === 0) return candidates.slice();
  if (!ascending(candidates)) return candidates.filter((s) => !busy.some((b) => b.start < s + durationMs && b.end > s));
  const blocked = byStart(busy);
  const out: number[] = [];
  let next = 0;
  let latestEnd = -Infinity;
  for (const s of candidates) {
    while (next < blocked.length && blocked[next].start < s + durationMs) {
      if (blocked[next].end > latestEnd) latestEnd = blocked[next].end;
      next++;
    }
    if (!(latestEnd > s)) out.push(s);
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

function ascending(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[i - 1]) return false;
  return true;
}
