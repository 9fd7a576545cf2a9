import { applyDeltas, assignmentDeltas } from "./assign";
import { rankHosts } from "./rank";
import type { GroupInput, MemberInput, QueueConfig, RoutingRequest } from "./types";
import { windowKey } from "./window";

export interface SimulateInput {
  config: QueueConfig;
  groups: GroupInput[];
  members: MemberInput[];
  bookings: number;
  /** Per-booking absence (treated as an exception covering that booking => 'on_exception'). */
  unavailable?: (bookingIndex: number, userId: string) => boolean;
  /** With startAt, booking i is the slot [startAt + i*spacing, +spacing) and day/week/window counters roll over in config.timeZone. */
  startAt?: number;
  /** Default 30 min. */
  spacingMs?: number;
}

export interface SimulateResult {
  counts: Record<string, number>;
  /** Chosen host per routed booking, in order (unrouted bookings are omitted). */
  sequence: string[];
  unrouted: number;
}

/**
 * Replays `bookings` consecutive requests through rankHosts + assignmentDeltas, always taking
 * nextHosts[0]. Without startAt the requests carry no slot (time-independent checks only), all
 * fall in the same day/week (caps accumulate) and `now` advances by spacingMs from just after
 * the latest lastAssignedAt so "least recently assigned" stays meaningful. Inputs are not mutated.
 */
export function simulate(input: SimulateInput): SimulateResult {
  const { config, groups, bookings, unavailable } = input;
  const spacing = input.spacingMs ?? 30 * 60_000;
  const timed = input.startAt !== undefined;
  let latest = 0;
  for (const m of input.members) if (m.lastAssignedAt !== null && m.lastAssignedAt > latest) latest = m.lastAssignedAt;
  const t0 = timed ? (input.startAt as number) : latest + spacing;

  const state: MemberInput[] = input.members.map((m) => ({ ...m }));
  const index = new Map<string, number>();
  state.forEach((m, i) => index.set(m.userId, i));
  const counts: Record<string, number> = {};
  for (const m of state) counts[m.userId] = 0;
  const sequence: string[] = [];
  let unrouted = 0;

  const tz = config.timeZone;
  let dayKey = timed ? windowKey("day", t0, tz) : "";
  let weekKey = timed ? windowKey("week", t0, tz) : "";
  let winKey = timed ? windowKey(config.fairnessWindow, t0, tz) : "";

  for (let b = 0; b < bookings; b++) {
    const t = t0 + b * spacing;
    // limit 1: only nextHosts[0] is used (same host as the full ranking's first; deltas agree)
    const req: RoutingRequest = timed ? { start: t, end: t + spacing, now: t, limit: 1 } : { now: t, limit: 1 };
    if (timed) {
      const dk = windowKey("day", t, tz);
      const wk = windowKey("week", t, tz);
      const fk = windowKey(config.fairnessWindow, t, tz);
      for (const m of state) {
        if (dk !== dayKey) m.dayCount = 0;
        if (wk !== weekKey) m.weekCount = 0;
        if (fk !== winKey) {
          m.windowCount = 0;
          m.windowCredit = 0;
        }
      }
      dayKey = dk;
      weekKey = wk;
      winKey = fk;
    }

    let view = state;
    if (unavailable) {
      const cover = { start: t, end: t + Math.max(1, spacing) };
      view = state.map((m) => (unavailable(b, m.userId) ? { ...m, exceptions: [...m.exceptions, cover] } : m));
    }
    const result = rankHosts(config, groups, view, req);
    if (result.nextHosts.length === 0) {
      unrouted++;
      continue;
    }
    const chosen = result.nextHosts[0].userId;
    applyDeltas((id) => state[index.get(id) as number], assignmentDeltas(config, groups, view, req, chosen, result));
    const c = state[index.get(chosen) as number];
    c.dayCount++;
    c.weekCount++;
    counts[chosen]++;
    sequence.push(chosen);
  }
  return { counts, sequence, unrouted };
}
