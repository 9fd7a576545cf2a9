import type { Queue } from "@/db/schema";
import { STRATEGIES, type Strategy } from "@/db/strategies";

export const STRATEGY_LABEL = Object.fromEntries(
  Object.entries(STRATEGIES).map(([name, s]) => [name, s.label]),
) as Record<Strategy, string>;

export const WINDOW_LABEL: Record<Queue["fairnessWindow"], string> = {
  none: "All time",
  day: "Today",
  week: "This week",
  month: "This month",
};
