/**
 * The queue strategies: one table from which the database enum (db/schema.ts), the zod enums
 * (lib/api/schemas, meeting types) and the dashboard labels derive. Dependency-free so db/ and
 * lib/routing can import it. How each strategy ranks lives in lib/routing/strategies.ts
 * (STRATEGY_RULES, typed against this table); see lib/routing/README.md.
 */
export const STRATEGIES = {
  round_robin: { label: "Round-robin" },
  weighted: { label: "Weighted" },
  availability: { label: "Availability-based" },
} as const satisfies Record<string, { label: string }>;

export type Strategy = keyof typeof STRATEGIES;

/** The names in table order (the order of the Postgres enum). */
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as [Strategy, ...Strategy[]];

export const DEFAULT_STRATEGY: Strategy = "round_robin";

/**
 * What a handoff does to the fairness counters of the booking's queue (lib/routing/README.md,
 * "Handoffs"): the routed host keeps the count (default), or the count moves to the new host.
 * Either way the standings are unchanged.
 */
export const HANDOFF_FAIRNESS_NAMES = ["keep_routed_credit", "move_count"] as const;
export type HandoffFairness = (typeof HANDOFF_FAIRNESS_NAMES)[number];
export const DEFAULT_HANDOFF_FAIRNESS: HandoffFairness = "keep_routed_credit";
