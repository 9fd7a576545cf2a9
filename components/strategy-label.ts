import type { Queue } from "@/db/schema";

export const STRATEGY_LABEL: Record<Queue["strategy"], string> = {
  round_robin: "Round-robin",
  weighted: "Weighted",
  availability: "Availability-based",
};

export const WINDOW_LABEL: Record<Queue["fairnessWindow"], string> = {
  none: "All time",
  day: "Today",
  week: "This week",
  month: "This month",
};
