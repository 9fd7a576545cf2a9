import type { Interval } from "./types";

/** How many of the sorted instants fall in the half-open interval [start, end): two binary searches. */
export function countIn(sorted: readonly number[], iv: Interval): number {
  return lowerBound(sorted, iv.end) - lowerBound(sorted, iv.start);
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
