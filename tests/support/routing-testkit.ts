// Test helpers for the routing engine (tests only; not library source).
import fc from "fast-check";
import { assignmentDeltas } from "@/lib/routing/assign";
import { rankHosts } from "@/lib/routing/rank";
import { bareMember } from "@/lib/routing/member";
import type { GroupInput, Interval, MemberInput, QueueConfig, RoutingRequest, StateDelta } from "@/lib/routing/types";

export const cfg = (over: Partial<QueueConfig> = {}): QueueConfig => ({
  strategy: "weighted",
  fairnessWindow: "none",
  returnPolicy: "keep_position",
  timeZone: "Europe/Berlin",
  ...over,
});

export const member = bareMember;

/** Whole-minute intervals from `from`: starting within `maxStartMinutes`, 1 to `maxMinutes` long. */
export const minuteInterval = (from: number, maxStartMinutes: number, maxMinutes: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxStartMinutes }), fc.integer({ min: 1, max: maxMinutes }))
    .map(([a, len]): Interval => ({ start: from + a * 60_000, end: from + (a + len) * 60_000 }));

/** Members with the given weights, positions 0..n-1, ids m0..m(n-1). */
export const team = (weights: number[], over: Partial<MemberInput> = {}): MemberInput[] =>
  weights.map((w, i) => member(`m${i}`, { weight: w, position: i, ...over }));

/**
 * Routes `bookings` requests the way a caller would: rankHosts, take nextHosts[0], apply
 * assignmentDeltas. `away(b, id)` marks a member on exception for booking b.
 * `onStep` sees the state after each booking.
 */
export function route(
  config: QueueConfig,
  groups: GroupInput[],
  members: MemberInput[],
  bookings: number,
  away?: (b: number, userId: string) => boolean,
  onStep?: (b: number, state: MemberInput[], chosen: string | null) => void,
): { state: MemberInput[]; sequence: (string | null)[] } {
  let state = members;
  const sequence: (string | null)[] = [];
  for (let b = 0; b < bookings; b++) {
    const now = 1_000_000 + b * 60_000;
    const req: RoutingRequest = { now };
    const view = away
      ? state.map((m) => (away(b, m.userId) ? { ...m, exceptions: [{ start: now - 1, end: now + 1 }] } : m))
      : state;
    const r = rankHosts(config, groups, view, req);
    const chosen = r.nextHosts[0]?.userId ?? null;
    if (chosen !== null) {
      const deltas = assignmentDeltas(config, groups, view, req, chosen, r);
      // keep the (unmodified) exceptions of `state`, apply only counters
      state = applyDeltas(state, deltas);
    }
    sequence.push(chosen);
    onStep?.(b, state, chosen);
  }
  return { state, sequence };
}

/** Applies deltas immutably (returns new member objects for changed members). */
export function applyDeltas(members: MemberInput[], deltas: StateDelta[]): MemberInput[] {
  const byId = new Map<string, StateDelta[]>();
  for (const d of deltas) {
    const list = byId.get(d.userId);
    if (list) list.push(d);
    else byId.set(d.userId, [d]);
  }
  return members.map((m) => {
    const ds = byId.get(m.userId);
    if (!ds) return m;
    const next = { ...m };
    for (const d of ds) {
      next.windowCount += d.windowCount;
      next.windowCredit += d.windowCredit;
      if (d.lastAssignedAt !== undefined) next.lastAssignedAt = d.lastAssignedAt;
    }
    return next;
  });
}
