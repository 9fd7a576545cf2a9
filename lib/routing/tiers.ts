import type { GroupInput } from "./types";

export interface TierDef {
  /** 1-based. */
  tier: number;
  groupId: string | null;
  name: string;
  priority: number | null;
}

export interface TierPlan {
  /** Groups in tier order, followed by the "ungrouped" tier (always last). */
  tiers: TierDef[];
  /** groupId -> 0-based tier index. */
  index: Map<string, number>;
  /** 0-based index of the ungrouped tier (= number of groups). */
  ungrouped: number;
}

export const UNGROUPED_NAME = "Ungrouped";

/** Groups ordered by priority asc, then name, then id (deterministic regardless of input order). */
export function planTiers(groups: GroupInput[]): TierPlan {
  const sorted = groups
    .slice()
    .sort(
      (a, b) =>
        a.priority - b.priority ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const index = new Map<string, number>();
  const tiers: TierDef[] = [];
  for (const g of sorted) {
    if (index.has(g.id)) continue; // duplicate ids: first (best) wins
    index.set(g.id, tiers.length);
    tiers.push({ tier: tiers.length + 1, groupId: g.id, name: g.name, priority: g.priority });
  }
  const ungrouped = tiers.length;
  tiers.push({ tier: ungrouped + 1, groupId: null, name: UNGROUPED_NAME, priority: null });
  return { tiers, index, ungrouped };
}

/** 0-based tier of a member: its best known group, else the ungrouped tier. */
export function tierOf(plan: TierPlan, groupIds: string[]): number {
  let best = plan.ungrouped;
  for (let i = 0; i < groupIds.length; i++) {
    const t = plan.index.get(groupIds[i]);
    if (t !== undefined && t < best) best = t;
  }
  return best;
}
