// Public types of the routing engine. All instants are epoch milliseconds.

export type { Strategy } from "@/db/strategies";
import type { Strategy } from "@/db/strategies";
export type FairnessWindow = "none" | "day" | "week" | "month";
export type ReturnPolicy = "keep_position" | "catch_up";

/** Half-open range [start, end) in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

export interface QueueConfig {
  strategy: Strategy;
  fairnessWindow: FairnessWindow;
  returnPolicy: ReturnPolicy;
  /** Workspace IANA time zone, used for fairness-window keys. */
  timeZone: string;
}

/** A host group. Lower `priority` number = higher priority (tier 1 first). */
export interface GroupInput {
  id: string;
  name: string;
  priority: number;
}

export interface MemberInput {
  userId: string;
  name?: string;
  /** >= 0; 0 = paused. */
  weight: number;
  /** null = no cap. */
  capPerDay: number | null;
  capPerWeek: number | null;
  /** Tier = best (lowest priority number) known group; no known group => last tier. */
  groupIds: string[];
  /** Stable order used as the final tie-break. */
  position: number;
  /** Real bookings assigned in the current fairness window. */
  windowCount: number;
  /** Virtual bookings credited while absent (keep_position), same window. */
  windowCredit: number;
  /** Bookings on the requested slot's day (for capPerDay). */
  dayCount: number;
  /** Bookings in the requested slot's week (for capPerWeek). */
  weekCount: number;
  lastAssignedAt: number | null;
  /** Unavailability (vacation) ranges, any order. */
  exceptions: Interval[];
  /** Existing bookings, already widened by buffers by the caller, any order. */
  busy: Interval[];
  /**
   * Busy time from the member's own calendar (lib/calendars), widened by the new booking's buffers
   * like `busy`, any order; checked right after `busy` (code `busy`, reason "busy in calendar …").
   */
  calendarBusy?: Interval[];
  /** Absolute working intervals covering the request day(s), merged; null = don't check. */
  workingHours: Interval[] | null;
}

/** Without start/end only time-independent checks and exceptions active at `now` apply. */
export interface RoutingRequest {
  start?: number;
  end?: number;
  now: number;
  /**
   * Materialize only the first `limit` ranked hosts (a booking decision needs a few; GET /next
   * and dashboards omit it for the full list). Every member is still checked: `excluded`,
   * `tiers[].eligible` and `eligibleCount` stay complete, and `nextHosts` is exactly the first
   * `limit` entries of the unlimited ranking (same order, ranks, scores, reasons), found by
   * partial selection instead of a full sort. Fractional values are floored; < 0 means 0;
   * undefined, NaN or Infinity mean no limit.
   */
  limit?: number;
}

export type ExclusionCode = "paused" | "on_exception" | "busy" | "outside_working_hours" | "daily_cap" | "weekly_cap";

export interface RankedHost {
  userId: string;
  /** 1-based, global across tiers. */
  rank: number;
  /** 1-based tier index. */
  tier: number;
  groupId: string | null;
  groupName: string | null;
  priority: number | null;
  score: number;
  reason: string;
}

export interface ExcludedHost {
  userId: string;
  code: ExclusionCode;
  reason: string;
}

export interface TierSummary {
  tier: number;
  groupId: string | null;
  name: string;
  priority: number | null;
  eligible: number;
}

export interface RankResult {
  /** Eligible members in rank order; only the first `req.limit` when a limit was given. */
  nextHosts: RankedHost[];
  excluded: ExcludedHost[];
  tiers: TierSummary[];
  /**
   * Total eligible members (= sum of tiers[].eligible), also when nextHosts was cut by
   * `req.limit`. Always set by rankHosts; optional so hand-built results stay valid.
   */
  eligibleCount?: number;
}

/**
 * Counter changes to persist after a booking was assigned.
 * windowCount / windowCredit are increments; lastAssignedAt (if present) replaces the stored value.
 */
export interface StateDelta {
  userId: string;
  windowCount: number;
  windowCredit: number;
  lastAssignedAt?: number;
}
