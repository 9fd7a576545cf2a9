import * as elig from "./eligibility";
import * as sorting from "./sort";
import * as strat from "./strategies";
import * as tiersMod from "./tiers";
import type {
  ExcludedHost,
  GroupInput,
  Interval,
  MemberInput,
  QueueConfig,
  RankedHost,
  RankResult,
  RoutingRequest,
  TierSummary,
} from "./types";

// Module-local bindings: transpilers (tsx/esbuild CJS output) turn named imports into getter
// property reads on every call, which showed up in the hot loop of bench/engine.ts.
const eligibilityCode = elig.eligibilityCode;
const exclusionReason = elig.exclusionReason;
const EXCLUSION_CODES = elig.EXCLUSION_CODES;
const HIT = elig.HIT;
const effectiveWeight = strat.effectiveWeight;
const swrrScore = strat.swrrScore;
const quotaSigma = strat.quotaSigma;
const isDue = strat.isDue;
const deadline = strat.deadline;
const availabilityScore = strat.availabilityScore;
const availabilityReason = strat.availabilityReason;
const ShareReasons = strat.ShareReasons;
const RANK = sorting.RANK;
const POSITION = sorting.POSITION;
const sortRange = sorting.sortRange;
const isSorted = sorting.isSorted;
const fixNearTies = sorting.fixNearTies;
const selectTop = sorting.selectTop;
const hasNearTie = sorting.hasNearTie;
const planTiers = tiersMod.planTiers;
const tierOf = tiersMod.tierOf;

/**
 * Per-member scratch arrays, reused across calls (grown on demand) so a decision does not
 * allocate and zero a dozen arrays. Safe: rankHosts is synchronous and writes every slot before
 * reading it, so no state leaks between calls (exHit entries are cleared after use).
 */
interface Scratch {
  size: number;
  tierIdx: Int32Array; // 0-based tier, -1 = excluded
  w: Float64Array; // effective weight
  e: Float64Array; // windowCount + windowCredit
  score: Float64Array; // displayed: bookings behind target share
  key: Float64Array; // sort key, higher first (-deadline)
  lastAt: Float64Array; // -Infinity = never assigned
  pos: Float64Array;
  next: Int32Array; // eligible members of a tier as a linked list (head per tier, -1 ends)
  order: Int32Array; // eligible members bucketed by (tier, class)
  out: Int32Array; // ranked members to materialize
  sel: Int32Array; // partial selection heap
  buf: Int32Array; // merge-sort scratch
  exIdx: Int32Array; // excluded members, input order
  exCode: Uint8Array; // eligibility code per member
  exHit: (Interval | null)[]; // interval behind on_exception / busy, per member
}
let SCRATCH: Scratch | null = null;
function scratch(n: number): Scratch {
  if (SCRATCH === null || SCRATCH.size < n) {
    const size = Math.max(n, 64, SCRATCH ? SCRATCH.size * 2 : 0);
    SCRATCH = {
      size,
      tierIdx: new Int32Array(size),
      w: new Float64Array(size),
      e: new Float64Array(size),
      score: new Float64Array(size),
      key: new Float64Array(size),
      lastAt: new Float64Array(size),
      pos: new Float64Array(size),
      next: new Int32Array(size),
      order: new Int32Array(size),
      out: new Int32Array(size),
      sel: new Int32Array(size),
      buf: new Int32Array(size),
      exIdx: new Int32Array(size),
      exCode: new Uint8Array(size),
      exHit: new Array<Interval | null>(size).fill(null),
    };
  }
  return SCRATCH;
}

/** req.limit as a count: undefined / NaN / Infinity = no limit (Infinity); floored; >= 0. */
function limitOf(limit: number | undefined): number {
  if (limit === undefined || limit !== limit || limit === Infinity) return Infinity;
  return limit > 0 ? Math.floor(limit) : 0;
}

/**
 * Ranks every member of a queue for one request.
 * Eligible members are grouped by tier; tier 1's eligible members come first, ranked by the
 * queue strategy, then tier 2's, etc. Ineligible members go to `excluded` with a code.
 * Output is independent of the input order of members/groups (ties end on position, userId).
 * With `req.limit` only the first `limit` hosts are ranked and materialized (exact prefix).
 *
 * Hot path (see bench/engine.ts): one pass over every member for eligibility (allocation-free
 * codes) and tier; then, only for the tiers that can fill the limit, per-member sort keys in
 * typed arrays, bucketed by (tier, class); per bucket either an inlined-comparison merge sort
 * (full) or a bounded-heap selection of the few needed (limit). Reading members' inputs in the
 * first pass dominates a decision (about 3/4 of it at 1,000 members).
 */
export function rankHosts(
  config: QueueConfig,
  groups: GroupInput[],
  members: MemberInput[],
  req: RoutingRequest,
): RankResult {
  const r = rankOrder(config, groups, members, req);
  return materialize(r, members, req);
}

/**
 * rankHosts' nextHosts as user ids only (same order, same `limit`), without building the hosts' and the
 * excluded members' reasons: for callers that list hosts per slot (booking-availability with hosts=ids).
 */
export function rankHostIds(
  config: QueueConfig,
  groups: GroupInput[],
  members: MemberInput[],
  req: RoutingRequest,
): string[] {
  const { q, nEx } = rankOrder(config, groups, members, req);
  const sc = SCRATCH as Scratch;
  const ids: string[] = new Array(q);
  for (let k = 0; k < q; k++) ids[k] = members[sc.out[k]].userId;
  for (let k = 0; k < nEx; k++) sc.exHit[sc.exIdx[k]] = null;
  return ids;
}

/** Passes 1-3 of rankHosts: the ranked members are SCRATCH.out[0, q), the excluded SCRATCH.exIdx[0, nEx). */
function rankOrder(config: QueueConfig, groups: GroupInput[], members: MemberInput[], req: RoutingRequest) {
  const plan = planTiers(groups);
  const T = plan.tiers.length;
  const n = members.length;
  // The strategy is its record (lib/routing/strategies.ts): ordering, weights and reasons come from it.
  const rule = strat.strategyRule(config.strategy);
  const weightedLike = rule.order === "share";
  const limit = limitOf(req.limit);
  const hasSlot = req.start !== undefined;
  const start = hasSlot ? (req.start as number) : req.now;
  const end = hasSlot ? (req.end !== undefined ? req.end : start + 1) : req.now + 1; // start-only = instant

  const sc = scratch(n);
  const tierIdx = sc.tierIdx;
  const wArr = sc.w;
  const eArr = sc.e;
  const score = sc.score;
  const key = sc.key;
  const lastAt = sc.lastAt;
  const pos = sc.pos;
  const next = sc.next;
  const exIdx = sc.exIdx;
  const exCode = sc.exCode;
  const exHit = sc.exHit;
  const sumW = new Float64Array(T); // filled for ranked tiers only
  const sumE = new Float64Array(T);
  const eligibleCount = new Int32Array(T);
  const tierTotal = new Int32Array(T); // all members, to decide whether to list the ungrouped tier
  const head = new Int32Array(T).fill(-1);
  const tail = new Int32Array(T).fill(-1);
  let nEx = 0;

  // Pass 1: eligibility of every member (excluded stays complete); eligible members are
  // appended to their tier's list. Counters are read later, only for the tiers that are ranked.
  for (let i = 0; i < n; i++) {
    const m = members[i];
    const g = m.groupIds;
    const t = g.length === 0 ? plan.ungrouped : tierOf(plan, g);
    tierTotal[t]++;
    pos[i] = m.position;
    const c = eligibilityCode(m, hasSlot, start, end);
    if (c !== 0) {
      tierIdx[i] = -1;
      exIdx[nEx++] = i;
      exCode[i] = c;
      exHit[i] = HIT.iv; // the hit interval for on_exception / busy; unused otherwise
      HIT.iv = null;
      continue;
    }
    tierIdx[i] = t;
    eligibleCount[t]++;
    next[i] = -1;
    if (tail[t] < 0) head[t] = i;
    else next[tail[t]] = i;
    tail[t] = i;
  }

  // Tiers that can contribute to the first `limit` hosts: 0..lastTier.
  let totalEligible = 0;
  let lastTier = -1;
  for (let t = 0; t < T; t++) {
    if (totalEligible < limit) lastTier = t;
    totalEligible += eligibleCount[t];
  }

  // Pass 2, for those tiers only: counters and sums (in input order), then scores and sort keys,
  // bucketed by (tier, class): tier t owns order[tierOff[t], tierOff[t+1]); due members fill it
  // from the front, the rest from the back (order within a segment is irrelevant: sorting and
  // selection use a total order).
  const order = sc.order;
  const tierOff = new Int32Array(lastTier + 2);
  for (let t = 0; t <= lastTier; t++) tierOff[t + 1] = tierOff[t] + eligibleCount[t];
  const front = tierOff.slice(0, lastTier + 1);
  const back = tierOff.slice(1);
  for (let t = 0; t <= lastTier; t++) {
    let W = 0;
    let E = 0;
    for (let i = head[t]; i >= 0; i = next[i]) {
      const m = members[i];
      const w = effectiveWeight(rule, m);
      const e = m.windowCount + m.windowCredit;
      wArr[i] = w;
      eArr[i] = e;
      W += w;
      E += e;
      lastAt[i] = m.lastAssignedAt === null ? -Infinity : m.lastAssignedAt;
    }
    sumW[t] = W;
    sumE[t] = E;
    const sigma = quotaSigma(eligibleCount[t]);
    for (let i = head[t]; i >= 0; i = next[i]) {
      if (weightedLike) {
        const w = wArr[i];
        const e = eArr[i];
        const s = swrrScore(w, e, W, E);
        let k = -deadline(w, e, W, sigma);
        if (k !== k) k = -Infinity; // NaN would break the total order
        score[i] = s;
        key[i] = k;
        if (isDue(s, sigma)) order[front[t]++] = i;
        else order[--back[t]] = i;
      } else {
        key[i] = 0; // availability: order is purely by lastAssignedAt
        order[front[t]++] = i;
      }
    }
  }
  // Segment sg = 2t + class (0 = due): [segOff[sg], segOff[sg+1]).
  const S = 2 * (lastTier + 1);
  const segOff = new Int32Array(S + 1);
  for (let t = 0; t <= lastTier; t++) {
    segOff[2 * t + 1] = front[t];
    segOff[2 * t + 2] = tierOff[t + 1];
  }

  // Pass 3: rank segment by segment (tier 1 due, tier 1 not due, tier 2 due, ...).
  const out = sc.out;
  const sel = sc.sel;
  const buf = sc.buf;
  let q = 0;
  for (let sg = 0; sg < S && q < limit; sg++) {
    const from = segOff[sg];
    const to = segOff[sg + 1];
    const size = to - from;
    if (size === 0) continue;
    const r = limit - q;
    if (size <= r) {
      if (size > 1) {
        sortRange(RANK, order, from, to, buf, key, lastAt, pos, members);
        fixNearTies(order, from, to, buf, key, lastAt, pos, members);
      }
      for (let k = from; k < to; k++) out[q++] = order[k];
      continue;
    }
    // Only the first r of this segment: partial selection. If the cut falls inside a cluster of
    // near-equal (not equal) keys, that cluster's order depends on members beyond the cut, so
    // fall back to sorting the segment; either way the result is the full ranking's prefix.
    selectTop(order, from, to, r, sel, buf, key, lastAt, pos, members);
    if (hasNearTie(order, from, to, key, key[sel[r - 1]])) {
      sortRange(RANK, order, from, to, buf, key, lastAt, pos, members);
      fixNearTies(order, from, to, buf, key, lastAt, pos, members);
      for (let k = 0; k < r; k++) out[q++] = order[from + k];
    } else {
      fixNearTies(sel, 0, r, buf, key, lastAt, pos, members);
      for (let k = 0; k < r; k++) out[q++] = sel[k];
    }
  }

  return { plan, rule, weightedLike, q, nEx, sumW, sumE, eligibleCount, tierTotal, totalEligible };
}

/** rankHosts' answer from rankOrder's ranking: tiers, the ranked hosts with reasons, the excluded with theirs. */
function materialize(r: ReturnType<typeof rankOrder>, members: MemberInput[], req: RoutingRequest): RankResult {
  const { plan, rule, weightedLike, q, nEx, sumW, sumE, eligibleCount, tierTotal, totalEligible } = r;
  const T = plan.tiers.length;
  const sc = SCRATCH as Scratch;
  const { out, tierIdx, score, exIdx, exCode, exHit, buf, key, lastAt, pos } = sc;
  const wArr = sc.w;
  const eArr = sc.e;
  const tiers: TierSummary[] = [];
  for (let t = 0; t < T; t++) {
    const def = plan.tiers[t];
    if (def.groupId !== null || tierTotal[t] > 0) {
      tiers.push({
        tier: def.tier,
        groupId: def.groupId,
        name: def.name,
        priority: def.priority,
        eligible: eligibleCount[t],
      });
    }
  }

  // Materialize the ranked hosts (reason text shared per tier, see ShareReasons).
  const nextHosts: RankedHost[] = new Array(q);
  let reasonTier = -1;
  let reasons: InstanceType<typeof ShareReasons> | null = null;
  for (let k = 0; k < q; k++) {
    const i = out[k];
    const t = tierIdx[i];
    const def = plan.tiers[t];
    const m = members[i];
    let s: number;
    let reason: string;
    if (!weightedLike) {
      s = availabilityScore(req.now, m.lastAssignedAt);
      reason = availabilityReason(req.now, m.lastAssignedAt);
    } else {
      if (t !== reasonTier) {
        reasons = new ShareReasons(rule, sumW[t], sumE[t]);
        reasonTier = t;
      }
      s = score[i];
      reason = (reasons as InstanceType<typeof ShareReasons>).reason(s, wArr[i], eArr[i]);
    }
    nextHosts[k] = {
      userId: m.userId,
      rank: k + 1,
      tier: def.tier,
      groupId: def.groupId,
      groupName: def.groupId === null ? null : def.name,
      priority: def.priority,
      score: s,
      reason,
    };
  }

  // Excluded: by position then userId, independent of input order (usually already sorted).
  if (nEx > 1 && !isSorted(POSITION, exIdx, 0, nEx, key, lastAt, pos, members)) {
    sortRange(POSITION, exIdx, 0, nEx, buf, key, lastAt, pos, members);
  }
  const excluded: ExcludedHost[] = new Array(nEx);
  for (let k = 0; k < nEx; k++) {
    const i = exIdx[k];
    const c = exCode[i];
    excluded[k] = {
      userId: members[i].userId,
      code: EXCLUSION_CODES[c],
      reason: exclusionReason(c, members[i], exHit[i]),
    };
    exHit[i] = null;
  }

  return { nextHosts, excluded, tiers, eligibleCount: totalEligible };
}
