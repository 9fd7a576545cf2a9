/**
 * Baton routing engine: pure (no I/O, no clock; the caller passes `now`; instants are epoch ms).
 * What rankHosts and assignmentDeltas decide, and why, is written down once: lib/routing/README.md.
 */
export type {
  Strategy,
  FairnessWindow,
  ReturnPolicy,
  Interval,
  QueueConfig,
  GroupInput,
  MemberInput,
  RoutingRequest,
  ExclusionCode,
  RankedHost,
  ExcludedHost,
  TierSummary,
  RankResult,
  StateDelta,
} from "./types";
export { rankHosts, rankHostIds } from "./rank";
export { countIn } from "./count-in";
export { eligibleCounts, byStart } from "./eligible-counts";
export { bareMember } from "./member";
export { assignmentDeltas, applyDeltas, calibrateNewMember, calibrateResume, type DecisionCounters } from "./assign";
export { checkEligibility, isAbsence, isoMinute, type Exclusion } from "./eligibility";
export { swrrScore, quotaSigma, strategyRule, type StrategyRule } from "./strategies";
export { windowKey, windowBounds } from "./window";
export { zoneOffset } from "./zone-offset";
export {
  contribution,
  handoffDeltas,
  releaseDeltas,
  leaveQueueDeltas,
  rebaseToPar,
  calibrateTierMove,
  calibrateJoin,
  weightsChanged,
  HANDOFF_FAIRNESS,
  DEFAULT_HANDOFF_FAIRNESS,
  WEIGHT_CHANGES,
  DEFAULT_WEIGHT_CHANGE,
  type HandoffFairness,
  type WeightChange,
  type Attribution,
  type FairnessDelta,
} from "./fairness";
export { simulate, type SimulateInput, type SimulateResult } from "./simulate";
export { planTiers, tierOf, UNGROUPED_NAME, type TierDef, type TierPlan } from "./tiers";
export {
  expectedCounts,
  decisionPool,
  approximatePool,
  isDeviation,
  DEVIATION_MIN_BOOKINGS,
  DEVIATION_MIN_RATIO,
  type Decision,
  type DecisionPool,
} from "./expected";
export { walkSlots, type WalkInput, type WalkMember, type WalkResult, type CapReached } from "./walk-slots";
