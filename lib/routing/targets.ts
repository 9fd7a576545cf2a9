/**
 * Target share per member (pure, safe in the browser): what the engine would give each member
 * if everyone were available. The first tier with an active (weight > 0) member takes every
 * booking; inside it, weighted splits by weight, round-robin and availability split evenly.
 */
import { strategyRule } from "./strategies";
import { planTiers, tierOf } from "./tiers";
import type { GroupInput, Strategy } from "./types";

export interface TargetMember {
  userId: string;
  weight: number;
  groupIds: string[];
}

export function targetShares(
  strategy: Strategy,
  groups: GroupInput[],
  members: TargetMember[],
): Record<string, number> {
  const plan = planTiers(groups);
  const out: Record<string, number> = {};
  const active = members.filter((m) => m.weight > 0);
  for (const m of members) out[m.userId] = 0;
  if (!active.length) return out;
  const tierBy = new Map(active.map((m) => [m.userId, tierOf(plan, m.groupIds)]));
  const top = Math.min(...tierBy.values());
  const inTop = active.filter((m) => tierBy.get(m.userId) === top);
  const { usesWeights } = strategyRule(strategy);
  const weightOf = (m: TargetMember) => (usesWeights ? m.weight : 1);
  const total = inTop.reduce((s, m) => s + weightOf(m), 0);
  for (const m of inTop) out[m.userId] = weightOf(m) / total;
  return out;
}

/**
 * Each active member's share of its own tier's weight (pure): what it gets of the bookings its
 * tier takes while everyone there is available. Unlike targetShares, a backup tier's member is
 * not 0, so the figure says what the weights mean without implying who is on target.
 */
export function tierShares(strategy: Strategy, groups: GroupInput[], members: TargetMember[]): Record<string, number> {
  const plan = planTiers(groups);
  const { usesWeights } = strategyRule(strategy);
  const weightOf = (m: TargetMember) => (m.weight > 0 ? (usesWeights ? m.weight : 1) : 0);
  const tierW = new Map<number, number>();
  for (const m of members) {
    const t = tierOf(plan, m.groupIds);
    tierW.set(t, (tierW.get(t) ?? 0) + weightOf(m));
  }
  const out: Record<string, number> = {};
  for (const m of members) {
    const W = tierW.get(tierOf(plan, m.groupIds)) ?? 0;
    out[m.userId] = W > 0 ? weightOf(m) / W : 0;
  }
  return out;
}
