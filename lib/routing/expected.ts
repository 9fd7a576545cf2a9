/**
 * Expected counts (pure, safe in the browser): what each member should have received from the
 * decisions actually made in a window, given who could take each one. See "Expected counts" in
 * lib/routing/README.md.
 */
import { effectiveWeight, strategyRule } from "./strategies";
import { planTiers, tierOf } from "./tiers";
import type { GroupInput, MemberInput, RankResult, Strategy } from "./types";

/** The members a decision chose among (the winning tier's eligible members) with their effective weights. */
export type DecisionPool = Record<string, number>;

export interface Decision {
  /** Who took it. Gets the whole decision when the pool is empty or has no weight. */
  chosenUserId: string;
  pool: DecisionPool;
}

/**
 * expected[u] = Σ over decisions d of w_u(d) / W(d), where W(d) is the pool's total weight.
 * Every decision adds exactly 1 in total, so the expected counts sum to the number of decisions;
 * a member in no pool gets 0; with one fixed pool it is n·w/W.
 */
export function expectedCounts(decisions: readonly Decision[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of decisions) {
    let W = 0;
    for (const id in d.pool) {
      const w = d.pool[id];
      if (w > 0 && Number.isFinite(w)) W += w;
    }
    if (!(W > 0) || !Number.isFinite(W)) {
      out[d.chosenUserId] = (out[d.chosenUserId] ?? 0) + 1;
      continue;
    }
    for (const id in d.pool) {
      const w = d.pool[id];
      if (w > 0 && Number.isFinite(w)) out[id] = (out[id] ?? 0) + w / W;
    }
  }
  return out;
}

/**
 * The pool of a routed decision, to store with it: the eligible members of the chosen host's tier
 * with the weights the strategy uses. `result` may be limited (req.limit): `excluded` is always
 * complete, so the tier's eligible members are its members that were not excluded. `notEligible`
 * are members found unavailable after ranking (booked meanwhile).
 */
export function decisionPool(o: {
  strategy: Strategy;
  groups: GroupInput[];
  members: readonly Pick<MemberInput, "userId" | "weight" | "groupIds">[];
  result: Pick<RankResult, "excluded">;
  chosenUserId: string;
  notEligible?: ReadonlySet<string>;
}): DecisionPool {
  const plan = planTiers(o.groups);
  const rule = strategyRule(o.strategy);
  const chosen = o.members.find((m) => m.userId === o.chosenUserId);
  const pool: DecisionPool = {};
  if (!chosen) return pool;
  const tier = tierOf(plan, chosen.groupIds);
  const out = new Set(o.result.excluded.map((x) => x.userId));
  for (const m of o.members) {
    if (m.userId !== o.chosenUserId && (out.has(m.userId) || o.notEligible?.has(m.userId))) continue;
    if (tierOf(plan, m.groupIds) !== tier) continue;
    const w = effectiveWeight(rule, m);
    if (w > 0) pool[m.userId] = w;
  }
  return pool;
}

/**
 * A deviation worth flagging: more than 1.5 bookings AND more than 10% of the expected count
 * away from it. The engine keeps everyone within one booking of its share while the pool stands
 * still, so 1.5 is never routine rounding; 10% keeps a large window from flagging a few bookings'
 * drift (50 expected, 53 actual is fine; 2 expected, 4 actual is not).
 */
export const DEVIATION_MIN_BOOKINGS = 1.5;
export const DEVIATION_MIN_RATIO = 0.1;

export function isDeviation(actual: number, expected: number): boolean {
  const d = Math.abs(actual - expected);
  return d > DEVIATION_MIN_BOOKINGS && d > DEVIATION_MIN_RATIO * expected;
}

/**
 * For decisions recorded before pools were stored: the members of the decision's tier (by its
 * 1-based number, in today's tier plan) that the decision did not exclude, with today's weights.
 * Exact unless tiers, weights or members changed since; when the host is not in that set (it
 * moved tiers), the decision counts for the host alone.
 */
export function approximatePool(o: {
  strategy: Strategy;
  groups: GroupInput[];
  members: readonly Pick<MemberInput, "userId" | "weight" | "groupIds">[];
  tier: number | null;
  excludedUserIds: readonly string[];
  chosenUserId: string;
}): DecisionPool {
  const plan = planTiers(o.groups);
  const rule = strategyRule(o.strategy);
  const out = new Set(o.excludedUserIds);
  const pool: DecisionPool = {};
  for (const m of o.members) {
    if (out.has(m.userId) || (o.tier !== null && tierOf(plan, m.groupIds) + 1 !== o.tier)) continue;
    const w = effectiveWeight(rule, m);
    if (w > 0) pool[m.userId] = w;
  }
  return o.chosenUserId in pool ? pool : { [o.chosenUserId]: 1 };
}
