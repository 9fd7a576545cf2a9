import { isAbsence } from "./eligibility";
import { effectiveWeight, strategyRule } from "./strategies";
import { planTiers, tierOf, type TierPlan } from "./tiers";
import type { GroupInput, MemberInput, QueueConfig, RankResult, RoutingRequest, StateDelta } from "./types";

/**
 * State changes after the caller persisted a booking for `chosenUserId`: the chosen member's
 * count and lastAssignedAt, and (keep_position) absence credit for its tier's absent members, as
 * "After a booking" in lib/routing/README.md says. W_E, the tier's eligible effective weight,
 * includes the chosen member if it was forced in; other tiers are untouched.
 *
 * `result` is rankHosts' result for the same request and members; a limited one (req.limit)
 * works too: the tier's eligible weight then comes from `members` minus `result.excluded`.
 */
export function assignmentDeltas(
  config: QueueConfig,
  groups: GroupInput[],
  members: MemberInput[],
  req: RoutingRequest,
  chosenUserId: string,
  result: RankResult,
): StateDelta[] {
  const byId = new Map<string, MemberInput>();
  for (const m of members) byId.set(m.userId, m);
  const chosen = byId.get(chosenUserId);
  if (!chosen) throw new Error(`assignmentDeltas: ${chosenUserId} is not a member of the queue`);

  const deltas: StateDelta[] = [{ userId: chosenUserId, windowCount: 1, windowCredit: 0, lastAssignedAt: req.now }];
  if (config.returnPolicy !== "keep_position" || result.excluded.length === 0) return deltas;

  const plan = planTiers(groups);
  const tier = tierOf(plan, chosen.groupIds) + 1;
  let sumW = 0;
  let chosenEligible = false;
  if (result.eligibleCount === undefined || result.nextHosts.length >= result.eligibleCount) {
    for (const h of result.nextHosts) {
      if (h.tier !== tier) continue;
      const m = byId.get(h.userId);
      if (m) sumW += effectiveWeight(strategyRule(config.strategy), m);
      if (h.userId === chosenUserId) chosenEligible = true;
    }
  } else {
    // Cut by req.limit: nextHosts lacks part of the tier, but `excluded` is always complete,
    // so the tier's eligible members are exactly its members that were not excluded.
    const out = new Set<string>();
    for (const x of result.excluded) out.add(x.userId);
    for (const m of members) {
      if (out.has(m.userId) || tierOf(plan, m.groupIds) + 1 !== tier) continue;
      sumW += effectiveWeight(strategyRule(config.strategy), m);
      if (m.userId === chosenUserId) chosenEligible = true;
    }
  }
  if (!chosenEligible) sumW += effectiveWeight(strategyRule(config.strategy), chosen);
  if (!(sumW > 0)) return deltas;

  for (const x of result.excluded) {
    if (x.userId === chosenUserId || !isAbsence(x.code)) continue;
    const m = byId.get(x.userId);
    if (!m || tierOf(plan, m.groupIds) + 1 !== tier) continue;
    const w = effectiveWeight(strategyRule(config.strategy), m);
    if (w > 0) deltas.push({ userId: x.userId, windowCount: 0, windowCredit: w / sumW });
  }
  return deltas;
}

/** The counters a decision changes: a MemberInput, or anything holding the same fields. */
export type DecisionCounters = Pick<MemberInput, "windowCount" | "windowCredit" | "lastAssignedAt">;

/**
 * Applies a decision's deltas in place, so that the next decision sees the state after it (a
 * simulation, or the next booking of a batch decided under one queue lock). `memberOf` finds a
 * member by user id; deltas for anyone it does not know are skipped.
 */
export function applyDeltas(memberOf: (userId: string) => DecisionCounters | undefined, deltas: StateDelta[]): void {
  for (const d of deltas) {
    const m = memberOf(d.userId);
    if (!m) continue;
    m.windowCount += d.windowCount;
    m.windowCredit += d.windowCredit;
    if (d.lastAssignedAt !== undefined) m.lastAssignedAt = d.lastAssignedAt;
  }
}

/** Effective bookings per unit of weight among the tier's active (weight > 0) members. */
function parRate(
  config: QueueConfig,
  plan: TierPlan,
  members: MemberInput[],
  tier: number,
  skipUserId?: string,
): number {
  let e = 0;
  let w = 0;
  for (const m of members) {
    if (m.userId === skipUserId || !(m.weight > 0) || tierOf(plan, m.groupIds) !== tier) continue;
    e += m.windowCount + m.windowCredit;
    w += effectiveWeight(strategyRule(config.strategy), m);
  }
  return w > 0 ? e / w : 0;
}

/**
 * Initial windowCredit for a member being added to a queue mid-window: its fair share of the
 * tier's bookings so far (peers' bookings per unit weight * its weight), so it joins at par and
 * is not flooded. Applies under both return policies: a new member has nothing to catch up on.
 */
export function calibrateNewMember(
  config: QueueConfig,
  groups: GroupInput[],
  members: MemberInput[],
  newMember: { weight: number; groupIds: string[] },
): number {
  const plan = planTiers(groups);
  const w = effectiveWeight(strategyRule(config.strategy), newMember);
  return parRate(config, plan, members, tierOf(plan, newMember.groupIds)) * w;
}

/**
 * windowCredit INCREMENT to apply when a paused member is resumed with `newWeight`.
 * keep_position: lifts it to par with its tier (never lowers). catch_up: 0.
 */
export function calibrateResume(
  config: QueueConfig,
  groups: GroupInput[],
  members: MemberInput[],
  userId: string,
  newWeight: number,
): number {
  if (config.returnPolicy !== "keep_position") return 0;
  const m = members.find((x) => x.userId === userId);
  if (!m) return 0;
  const plan = planTiers(groups);
  const w = effectiveWeight(strategyRule(config.strategy), { weight: newWeight });
  const target = parRate(config, plan, members, tierOf(plan, m.groupIds), userId) * w;
  return Math.max(0, target - (m.windowCount + m.windowCredit));
}
