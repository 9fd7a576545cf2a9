import type { MemberInput, Strategy } from "./types";

/** Float tolerance for score ties (credits make scores fractional). */
export const EPS = 1e-9;

/** How one strategy ranks inside a tier: a new strategy is one entry here (plus its name in db/strategies.ts). */
export interface StrategyRule {
  /** "share": furthest behind its target share first (SWRR quota order); "recency": least recently assigned first. */
  order: "share" | "recency";
  /** Whether member weights set the share; otherwise every active member counts as 1. */
  usesWeights: boolean;
  /** Start of a ranked host's reason. */
  reasonPrefix: string;
}

export const STRATEGY_RULES: Record<Strategy, StrategyRule> = {
  round_robin: { order: "share", usesWeights: false, reasonPrefix: "round robin: " },
  weighted: { order: "share", usesWeights: true, reasonPrefix: "weighted: " },
  availability: { order: "recency", usesWeights: false, reasonPrefix: "availability: " },
};

/** The record rankHosts, assignmentDeltas and targetShares work from: they never branch on a strategy's name. */
export function strategyRule(strategy: Strategy): StrategyRule {
  return STRATEGY_RULES[strategy];
}

/** Weight a strategy uses for fairness: unless it uses weights, every active member counts as 1. */
export function effectiveWeight(rule: StrategyRule, m: Pick<MemberInput, "weight">): number {
  if (!(m.weight > 0)) return 0;
  return rule.usesWeights ? m.weight : 1;
}

/**
 * Bookings behind target share once this booking is placed, for a tier whose eligible members
 * have total weight W and total effective count n (e = windowCount + windowCredit):
 *   score = (n+1)*w/W - e
 * This is smooth weighted round robin's (nginx) "current weight" / W. Computed as
 * ((n+1)*w - e*W)/W so that integer counts give exact ties.
 */
export function swrrScore(w: number, e: number, sumW: number, sumE: number): number {
  return ((sumE + 1) * w - e * sumW) / sumW;
}

/**
 * Quota slack sigma = 1/(2m-2) for m eligible members (Tijdeman's chairman assignment).
 * Picking the max SWRR score alone can leave a member up to ~1.12 bookings behind when two
 * members fall due at once (e.g. weights 1,1,1,10,10,10,10); ordering by deadline instead
 * keeps every member within 1 - sigma (< 1) of n*w/W after every prefix.
 */
export function quotaSigma(m: number): number {
  return m > 1 ? 1 / (2 * m - 2) : 0;
}

/**
 * Order key for weighted/round_robin (higher = sooner). A member may take the booking without
 * exceeding its upper quota iff score >= sigma (class 0); among those, the one whose next
 * booking falls due first, deadline = (e + 1 - sigma) * W / w (in bookings), wins. Members with
 * score < sigma (class 1) follow in the same deadline order.
 */
export function isDue(score: number, sigma: number): boolean {
  return score >= sigma - EPS;
}
export function deadline(w: number, e: number, sumW: number, sigma: number): number {
  return ((e + 1 - sigma) * sumW) / w;
}

/** Availability score: minutes since last assignment (never assigned counts from epoch 0). */
export function availabilityScore(now: number, lastAssignedAt: number | null): number {
  return Math.round((now - (lastAssignedAt ?? 0)) / 60_000);
}

/** One decimal, no sign; integers (the common case) skip float formatting. */
export function fmt1(x: number): string {
  // Integer arithmetic: String() of a fractional double is far slower than of a small integer.
  const r = Math.round(Math.abs(x) * 10);
  if (r < TENTHS_SIZE) {
    // |x| < 1000 (every count, score and share in practice): memoized, no allocation.
    const hit = TENTHS[r];
    if (hit !== "") return hit;
    return (TENTHS[r] = tenths(r));
  }
  return tenths(r);
}
const TENTHS_SIZE = 10_000;
const TENTHS: string[] = new Array<string>(TENTHS_SIZE).fill("");
function tenths(r: number): string {
  const q = Math.floor(r / 10);
  const d = r - q * 10;
  return d === 0 ? String(q) : q + "." + d;
}

/**
 * Builds per-member reason strings for one tier. Parts shared by the tier (total, the text
 * around each weight's share) are formatted once and numbers come from fmt1's table, so a
 * reason is four rope concatenations: string formatting was the main per-member cost at 1,000+
 * members (a Map cache of whole reasons cost more in lookups than it saved).
 */
export class ShareReasons {
  private readonly prefix: string;
  private readonly total: string;
  /** Text between score and count, per small integer weight: [behind, ahead]. */
  private readonly middles: string[] = [];

  constructor(
    private readonly rule: StrategyRule,
    private readonly sumW: number,
    sumE: number,
  ) {
    this.prefix = rule.reasonPrefix;
    this.total = " of " + fmt1(sumE) + ")";
  }

  reason(score: number, w: number, e: number): string {
    const behind = score >= 0;
    let mid: string;
    if (w >= 0 && w < 64 && Number.isInteger(w)) {
      const slot = 2 * w + (behind ? 0 : 1);
      const m = this.middles[slot];
      mid = m !== undefined ? m : (this.middles[slot] = this.middle(behind, w));
    } else {
      mid = this.middle(behind, w);
    }
    const num = fmt1(score);
    // "1 booking behind", not "1 bookings behind" (rare enough to build on demand).
    return this.prefix + num + (num === "1" ? mid.replace(" bookings ", " booking ") : mid) + fmt1(e) + this.total;
  }

  /** ' bookings behind target share 20% (has ' and the like. */
  private middle(behind: boolean, w: number): string {
    const pos = behind ? " bookings behind " : " bookings ahead of ";
    const share = this.rule.usesWeights ? "target share " + fmt1((w / this.sumW) * 100) + "%" : "even share";
    return pos + share + " (has ";
  }
}

export function availabilityReason(now: number, lastAssignedAt: number | null): string {
  const prefix = STRATEGY_RULES.availability.reasonPrefix;
  if (lastAssignedAt === null) return prefix + "free, never assigned";
  return `${prefix}free, last assigned ${Math.round((now - lastAssignedAt) / 60_000)} min ago`;
}
