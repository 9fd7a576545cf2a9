import { isAbsence } from "./eligibility";
import { effectiveWeight } from "./strategies";
import { planTiers, tierOf, type TierPlan } from "./tiers";
import type { GroupInput, MemberInput, QueueConfig, RankResult, RoutingRequest, StateDelta } from "./types";

/**
 * State changes after the caller persisted a booking for `chosenUserId`.
 *
 * - The chosen member: windowCount +1, lastAssignedAt = req.now.
 * - keep_position only: every other member of the chosen member's tier that was excluded for an
 *   ABSENCE (paused, on_exception, daily_cap, weekly_cap) gets windowCredit += w_i / W_E, where
 *   W_E is the effective weight of the tier's eligible members (plus the chosen one if it was
 *   forced in). That is exactly the per-unit-weight share the present members received, so the
 *   absentee's count keeps the same proportion to its peers and it returns at par instead of
 *   being flooded. Paused members have weight 0 and therefore earn nothing: re-calibrate them
 *   with `calibrateResume` when they are resumed. 'busy'/'outside_working_hours' are momentary
 *   and earn no credit (they catch up). Other tiers are untouched: they were not in line.
 * - catch_up: no credit; returning members catch up through the normal strategy.
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
      if (m) sumW += effectiveWeight(config.strategy, m);
      if (h.userId === chosenUserId) chosenEligible = true;
    }
  } else {
    // Cut by req.limit: nextHosts lacks part of the tier, but `excluded` is always complete,
    // so the tier's eligible members are exactly its members that were not excluded.
    const out = new Set<string>();
    for (const x of result.excluded) out.add(x.userId);
    for (const m of members) {
      if (out.has(m.userId) || tierOf(plan, m.groupIds) + 1 !== tier) continue;
      sumW += effectiveWeight(config.strategy, m);
      if (m.userId === chosenUserId) chosenEligible = true;
    }
  }
  if (!chosenEligible) sumW += effectiveWeight(config.strategy, chosen);
  if (!(sumW > 0)) return deltas;

  for (const x of result.excluded) {
    if (x.userId === chosenUserId || !isAbsence(x.code)) continue;
    const m = byId.get(x.userId);
    if (!m || tierOf(plan, m.groupIds) + 1 !== tier) continue;
    const w = effectiveWeight(config.strategy, m);
    if (w > 0) deltas.push({ userId: x.userId, windowCount: 0, windowCredit: w / sumW });
  }
  return deltas;
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
    w += effectiveWeight(config.strategy, m);
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
  const w = effectiveWeight(config.strategy, { weight: newMember.weight } as MemberInput);
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
  const w = effectiveWeight(config.strategy, { weight: newWeight } as MemberInput);
  const target = parRate(config, plan, members, tierOf(plan, m.groupIds), userId) * w;
  return Math.max(0, target - (m.windowCount + m.windowCredit));
}
