import { EPS } from "./strategies";
import type { MemberInput } from "./types";

/**
 * Orders used by rankHosts. All are strict total orders (the member index is the last
 * tie-break), so every algorithm below (merge sort, bounded-heap selection) yields the same
 * sequence and a limited ranking is exactly a prefix of the full one.
 *
 * - RANK: key descending (exact), then least recently assigned (-Infinity = never), position,
 *   userId, index. The class (due / not due) is never compared: each class is its own segment.
 * - TIE: the same without the key; re-orders a cluster of near-equal keys (see fixNearTies).
 * - POSITION: position, userId, index (the excluded list).
 */
export const RANK = 0;
export const TIE = 1;
export const POSITION = 2;

function before(
  mode: number,
  a: number,
  b: number,
  key: Float64Array,
  lastAt: Float64Array,
  pos: Float64Array,
  members: MemberInput[],
): boolean {
  if (mode === RANK) {
    const ka = key[a];
    const kb = key[b];
    if (ka !== kb) return ka > kb;
  }
  if (mode !== POSITION) {
    const la = lastAt[a];
    const lb = lastAt[b];
    if (la !== lb) return la < lb;
  }
  const pa = pos[a];
  const pb = pos[b];
  if (pa !== pb) return pa < pb;
  const ia = members[a].userId; // rarely reached: read in place instead of copying every id
  const ib = members[b].userId;
  if (ia !== ib) return ia < ib;
  return a < b;
}

/**
 * Sorts idx[from, to) by `mode`. Hand-written (insertion-sorted runs + bottom-up merge) so the
 * comparison is inlined: Array#sort's callback was the largest cost at 1,000+ members.
 * `buf` must have room for index `to - 1`.
 */
export function sortRange(
  mode: number,
  idx: Int32Array,
  from: number,
  to: number,
  buf: Int32Array,
  key: Float64Array,
  lastAt: Float64Array,
  pos: Float64Array,
  members: MemberInput[],
): void {
  const RUN = 16;
  for (let lo = from; lo < to; lo += RUN) {
    const hi = lo + RUN < to ? lo + RUN : to;
    for (let i = lo + 1; i < hi; i++) {
      const x = idx[i];
      let j = i - 1;
      while (j >= lo && before(mode, x, idx[j], key, lastAt, pos, members)) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = x;
    }
  }
  let src = idx;
  let dst = buf;
  for (let width = RUN; from + width < to; width *= 2) {
    for (let lo = from; lo < to; lo += 2 * width) {
      const mid = lo + width < to ? lo + width : to;
      const hi = lo + 2 * width < to ? lo + 2 * width : to;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (before(mode, src[j], src[i], key, lastAt, pos, members)) dst[k++] = src[j++];
        else dst[k++] = src[i++];
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== idx) idx.set(src.subarray(from, to), from);
}

/** True if idx[from, to) is already in `mode` order (members usually arrive by position). */
export function isSorted(
  mode: number,
  idx: Int32Array,
  from: number,
  to: number,
  key: Float64Array,
  lastAt: Float64Array,
  pos: Float64Array,
  members: MemberInput[],
): boolean {
  for (let k = from + 1; k < to; k++) if (!before(mode, idx[k - 1], idx[k], key, lastAt, pos, members)) return false;
  return true;
}

/**
 * Keys within EPS of each other tie, transitively: a cluster is a maximal run of the
 * key-sorted segment whose neighbouring keys differ by <= EPS, and its members are ordered by
 * the TIE order. idx[from, to) must be in RANK order; runs containing distinct keys are
 * re-sorted (runs of exactly equal keys already are in TIE order). Usually a single linear scan.
 */
export function fixNearTies(
  idx: Int32Array,
  from: number,
  to: number,
  buf: Int32Array,
  key: Float64Array,
  lastAt: Float64Array,
  pos: Float64Array,
  members: MemberInput[],
): void {
  let runStart = from;
  let mixed = false;
  for (let k = from + 1; k <= to; k++) {
    if (k < to) {
      const gap = key[idx[k - 1]] - key[idx[k]];
      if (gap <= EPS) {
        if (gap !== 0) mixed = true;
        continue;
      }
    }
    if (mixed) sortRange(TIE, idx, runStart, k, buf, key, lastAt, pos, members);
    runStart = k;
    mixed = false;
  }
}

/**
 * Writes the first `r` (1 <= r < to - from) of idx[from, to) in RANK order into out[0, r),
 * sorted, by a bounded max-heap (root = the worst kept): O(s + r log r) comparisons for
 * typical inputs, no full sort. `buf` is scratch with room for r entries.
 */
export function selectTop(
  idx: Int32Array,
  from: number,
  to: number,
  r: number,
  out: Int32Array,
  buf: Int32Array,
  key: Float64Array,
  lastAt: Float64Array,
  pos: Float64Array,
  members: MemberInput[],
): void {
  let size = 0;
  for (let k = from; k < to; k++) {
    const x = idx[k];
    if (size < r) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        const y = out[p];
        if (!before(RANK, y, x, key, lastAt, pos, members)) break; // parent already worse than x
        out[c] = y;
        c = p;
      }
      out[c] = x;
    } else if (before(RANK, x, out[0], key, lastAt, pos, members)) {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const rt = l + 1;
        const w = rt < size && before(RANK, out[l], out[rt], key, lastAt, pos, members) ? rt : l; // worse child
        if (!before(RANK, x, out[w], key, lastAt, pos, members)) break;
        out[c] = out[w];
        c = w;
      }
      out[c] = x;
    }
  }
  sortRange(RANK, out, 0, r, buf, key, lastAt, pos, members);
}

/**
 * True if some key in idx[from, to) differs from x by at most EPS without being equal, i.e. the
 * near-tie cluster holding x contains distinct keys (then a prefix cut at x needs the full sort).
 */
export function hasNearTie(idx: Int32Array, from: number, to: number, key: Float64Array, x: number): boolean {
  for (let k = from; k < to; k++) {
    const v = key[idx[k]];
    if (v !== x && (v > x ? v - x : x - v) <= EPS) return true;
  }
  return false;
}
