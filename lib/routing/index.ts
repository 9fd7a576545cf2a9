/**
 * Baton routing engine (pure: no I/O, no clock; the caller passes `now`; instants are epoch ms).
 *
 * rankHosts(config, groups, members, req):
 *  1. Eligibility, first failing check wins: paused (weight 0) -> on_exception -> busy ->
 *     outside_working_hours -> daily_cap -> weekly_cap. Without start/end only the
 *     time-independent checks and exceptions active at `now` apply.
 *  2. Tiers: groups by priority (then name, id); a member sits in its best group; members in
 *     no group form the last tier. The first tier with an eligible member takes the booking;
 *     nextHosts lists every eligible member, tier by tier, with a global 1-based rank.
 *  3. Within a tier (e = windowCount + windowCredit; W, n = the tier's eligible weight and e sums):
 *     weighted: score = (n+1)*w/W - e (bookings behind target share, = SWRR current weight / W);
 *     order = members with score >= sigma (=1/(2m-2)) first, earliest deadline (e+1-sigma)*W/w
 *     first (Tijdeman's chairman assignment: every prefix within 1 booking of n*w/W, no bursts);
 *     round_robin: the same with w = 1; availability: least recently assigned first.
 *     Ties: least recently assigned (never first), position, userId; order keys within 1e-9
 *     tie transitively.
 *  4. req.limit = k: only the first k hosts are ranked and returned (exactly the unlimited
 *     list's first k); excluded, tiers[].eligible and eligibleCount stay complete.
 * assignmentDeltas(...) returns the counter increments after a booking (a limited result works);
 * under keep_position absent members of the winning tier are credited their per-weight share so
 * they return at par.
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
export { rankHosts } from "./rank";
export { assignmentDeltas, calibrateNewMember, calibrateResume } from "./assign";
export { checkEligibility, isAbsence, isoMinute, type Exclusion } from "./eligibility";
export { swrrScore, quotaSigma } from "./strategies";
export { windowKey, windowBounds } from "./window";
export { simulate, type SimulateInput, type SimulateResult } from "./simulate";
export { planTiers, tierOf, UNGROUPED_NAME, type TierDef, type TierPlan } from "./tiers";
