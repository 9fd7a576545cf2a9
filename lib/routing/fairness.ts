/**
 * Write-side fairness rules: what a handoff, a weight change, a tier move or a new member does to
 * the fairness counters. Pure; the semantics are written in lib/routing/README.md ("Handoffs",
 * "Weight changes", "Return policy").
 */
import { effectiveWeight, strategyRule } from "./strategies";
import { planTiers, tierOf } from "./tiers";
import type { GroupInput, MemberInput, QueueConfig, StateDelta } from "./types";
import { HANDOFF_FAIRNESS_NAMES, DEFAULT_HANDOFF_FAIRNESS, type HandoffFairness } from "@/db/strategies";

export { HANDOFF_FAIRNESS_NAMES as HANDOFF_FAIRNESS, DEFAULT_HANDOFF_FAIRNESS, type HandoffFairness };

export type WeightChange = "from_now" | "whole_window";
export const WEIGHT_CHANGES = ["from_now", "whole_window"] as const satisfies readonly WeightChange[];
export const DEFAULT_WEIGHT_CHANGE: WeightChange = "from_now";

/**
 * Who a counted booking is attributed to in its queue and window.
 * `creditedUserId`: the routed host; its standing (count + credit) holds the lead for good.
 * `countedUserId`: whose `count` holds it (the routed host, or under move_count the current host).
 */
export interface Attribution {
  creditedUserId: string;
  countedUserId: string;
}

/** Counter increments for one user in the booking's queue and window. */
export interface FairnessDelta {
  userId: string;
  count: number;
  credit: number;
  covered: number;
}

/**
 * What one counted booking contributes to the counters, given who hosts it now:
 * count +1 for the counted user; when that is not the credited user, credit −1 for the counted
 * and +1 for the credited user (so the standings are exactly as if nobody had moved it); covered +1
 * for a host that is not the credited user.
 */
export function contribution(a: Attribution, hostUserId: string): FairnessDelta[] {
  const out = new Map<string, FairnessDelta>();
  const add = (userId: string, d: Partial<FairnessDelta>) => {
    const cur = out.get(userId) ?? { userId, count: 0, credit: 0, covered: 0 };
    cur.count += d.count ?? 0;
    cur.credit += d.credit ?? 0;
    cur.covered += d.covered ?? 0;
    out.set(userId, cur);
  };
  add(a.countedUserId, { count: 1 });
  if (a.countedUserId !== a.creditedUserId) {
    add(a.countedUserId, { credit: -1 });
    add(a.creditedUserId, { credit: 1 });
  }
  if (hostUserId !== a.creditedUserId) add(hostUserId, { covered: 1 });
  return [...out.values()];
}

/** Sum of per-user deltas, dropping zero rows; `sign` −1 subtracts. */
function combine(parts: Array<{ deltas: FairnessDelta[]; sign: 1 | -1 }>): FairnessDelta[] {
  const out = new Map<string, FairnessDelta>();
  for (const { deltas, sign } of parts) {
    for (const d of deltas) {
      const cur = out.get(d.userId) ?? { userId: d.userId, count: 0, credit: 0, covered: 0 };
      cur.count += sign * d.count;
      cur.credit += sign * d.credit;
      cur.covered += sign * d.covered;
      out.set(d.userId, cur);
    }
  }
  return [...out.values()]
    .filter((d) => d.count !== 0 || d.credit !== 0 || d.covered !== 0)
    .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/**
 * A handoff of a booking that stays counted in its queue, from `fromUserId` to `toUserId`:
 * the new attribution and the counter deltas (new contribution minus old). Nobody's standing
 * (count + credit) changes under either mode; only count and covered say who did the work.
 */
export function handoffDeltas(o: {
  mode: HandoffFairness;
  attribution: Attribution;
  fromUserId: string;
  toUserId: string;
}): { attribution: Attribution; deltas: FairnessDelta[] } {
  const { creditedUserId } = o.attribution;
  const attribution: Attribution = {
    creditedUserId,
    countedUserId: o.mode === "move_count" ? o.toUserId : creditedUserId,
  };
  const deltas = combine([
    { deltas: contribution(attribution, o.toUserId), sign: 1 },
    { deltas: contribution(o.attribution, o.fromUserId), sign: -1 },
  ]);
  return { attribution, deltas };
}

/** A counted booking leaving its queue's counters (cancelled): its whole contribution is taken back. */
export function releaseDeltas(attribution: Attribution, hostUserId: string): FairnessDelta[] {
  return combine([{ deltas: contribution(attribution, hostUserId), sign: -1 }]);
}

/**
 * A counted booking handed off to another queue's routing: it stops counting here. The credited
 * (routed) host keeps its standing for the lead: its count or credit here becomes credit.
 */
export function leaveQueueDeltas(attribution: Attribution, hostUserId: string): FairnessDelta[] {
  return combine([
    { deltas: releaseDeltas(attribution, hostUserId), sign: 1 },
    { deltas: [{ userId: attribution.creditedUserId, count: 0, credit: 1, covered: 0 }], sign: 1 },
  ]);
}

/** Effective bookings per unit of weight among a tier's active members (0 when it has none). */
function tierRate(config: QueueConfig, members: MemberInput[], tierOfMember: (m: MemberInput) => number, t: number) {
  const rule = strategyRule(config.strategy);
  let e = 0;
  let w = 0;
  for (const m of members) {
    const mw = effectiveWeight(rule, m);
    if (!(mw > 0) || tierOfMember(m) !== t) continue;
    e += m.windowCount + m.windowCredit;
    w += mw;
  }
  return { rate: w > 0 ? e / w : 0, weight: w };
}

/**
 * "From now" after a weight change: windowCredit increments that put every active member of each
 * tier exactly at par under the weights in `members` (e_i = rate·w_i with the tier's own rate
 * E/W, so the tier's total is kept). Afterwards routing behaves as if the window had started
 * with these weights: no catch-up burst. Paused members are left alone.
 */
export function rebaseToPar(config: QueueConfig, groups: GroupInput[], members: MemberInput[]): StateDelta[] {
  const plan = planTiers(groups);
  const tier = (m: MemberInput) => tierOf(plan, m.groupIds);
  const rule = strategyRule(config.strategy);
  const rates = new Map<number, number>();
  const out: StateDelta[] = [];
  for (const m of members) {
    const w = effectiveWeight(rule, m);
    if (!(w > 0)) continue;
    const t = tier(m);
    let rate = rates.get(t);
    if (rate === undefined) {
      rate = tierRate(config, members, tier, t).rate;
      rates.set(t, rate);
    }
    const delta = rate * w - (m.windowCount + m.windowCredit);
    if (Math.abs(delta) > 1e-12) out.push({ userId: m.userId, windowCount: 0, windowCredit: delta });
  }
  return out;
}

/**
 * windowCredit increment for a member that just moved into another tier (`members` and `groups`
 * as they are after the move). keep_position: exactly at par with the new tier's other active
 * members (possibly negative, when it arrives ahead of them), so it neither bursts nor waits;
 * catch_up: 0, it catches up with its new tier. 0 when the tier has no other active member.
 */
export function calibrateTierMove(
  config: QueueConfig,
  groups: GroupInput[],
  members: MemberInput[],
  userId: string,
): number {
  if (config.returnPolicy !== "keep_position") return 0;
  const m = members.find((x) => x.userId === userId);
  if (!m) return 0;
  const w = effectiveWeight(strategyRule(config.strategy), m);
  if (!(w > 0)) return 0;
  const plan = planTiers(groups);
  const t = tierOf(plan, m.groupIds);
  const others = members.filter((x) => x.userId !== userId);
  const { rate, weight } = tierRate(config, others, (x) => tierOf(plan, x.groupIds), t);
  if (!(weight > 0)) return 0;
  return rate * w - (m.windowCount + m.windowCredit);
}

/**
 * windowCredit increment for a member joining the queue mid-window (it may still have counters
 * from an earlier membership, in `current`). keep_position: lifted to par with its tier (never
 * lowered); catch_up: 0, it takes bookings until it has its share of the window.
 */
export function calibrateJoin(
  config: QueueConfig,
  groups: GroupInput[],
  members: MemberInput[],
  joining: { weight: number; groupIds: string[]; current: number },
): number {
  if (config.returnPolicy !== "keep_position") return 0;
  const plan = planTiers(groups);
  const w = effectiveWeight(strategyRule(config.strategy), joining);
  const { rate } = tierRate(config, members, (x) => tierOf(plan, x.groupIds), tierOf(plan, joining.groupIds));
  return Math.max(0, rate * w - joining.current);
}

/** True when some member's effective weight differs between the two lists (by userId; members in both). */
export function weightsChanged(
  before: { config: QueueConfig; members: Pick<MemberInput, "userId" | "weight">[] },
  after: { config: QueueConfig; members: Pick<MemberInput, "userId" | "weight">[] },
): boolean {
  const rb = strategyRule(before.config.strategy);
  const ra = strategyRule(after.config.strategy);
  const was = new Map(before.members.map((m) => [m.userId, effectiveWeight(rb, m)]));
  return after.members.some((m) => {
    const w0 = was.get(m.userId);
    // A pause or a resume is not a weight change: resume follows the return policy instead.
    if (w0 === undefined || w0 === 0) return false;
    const w1 = effectiveWeight(ra, m);
    return w1 > 0 && w1 !== w0;
  });
}
