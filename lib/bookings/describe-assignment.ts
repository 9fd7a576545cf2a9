/**
 * How a booking got to its current host, from its event history: the first assignment (routed by a
 * queue, or a host chosen by the caller), then every handoff in order. The booking page shows this
 * instead of the routing decision alone, which after a handoff describes someone who no longer hosts it.
 * Pure: the page resolves names and formats times.
 */
import { HANDOFF_EVENTS, ROUTING_EVENTS, type RoutingData } from "./present-bookings";

export interface HistoryEvent {
  type: string;
  reason: string | null;
  actorUserId: string | null;
  fromUserId: string | null;
  toUserId: string | null;
  data: unknown;
  createdAt: string;
}

export interface FirstAssignment {
  kind: "routed" | "forced";
  hostId: string | null;
  strategy: string | null;
  tier: number | null;
  rank: number | null;
  reason: string | null;
  at: string;
}

export type HandoffWhy =
  | { kind: "coverage"; absentUserId: string | null; startDate: string | null; endDate: string | null }
  | { kind: "bulk" }
  | { kind: "single" };

export interface HandoffStep {
  fromUserId: string | null;
  toUserId: string | null;
  byUserId: string | null;
  viaQueueId: string | null;
  why: HandoffWhy;
  /** The planner's own words: "handoff to X", or "handoff via queue Q to X: <routing reason>". */
  reason: string | null;
  at: string;
}

export interface Assignment {
  first: FirstAssignment | null;
  handoffs: HandoffStep[];
  currentHostId: string;
  /** At least one handoff happened: the first assignment no longer explains the current host. */
  handedOff: boolean;
}

const HANDOFF_TYPES: ReadonlySet<string> = new Set(HANDOFF_EVENTS);
const str = (v: unknown) => (typeof v === "string" ? v : null);

function whyOf(e: HistoryEvent): HandoffWhy {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const cov = d.coverage as Record<string, unknown> | undefined;
  if (cov && typeof cov === "object")
    return {
      kind: "coverage",
      absentUserId: str(cov.userId),
      startDate: str(cov.startDate),
      endDate: str(cov.endDate),
    };
  if (e.type === "handoff.bulk") return { kind: "bulk" };
  return { kind: "single" };
}

/** Events in any order; they are read oldest first (ties keep their given order). */
export function describeAssignment(events: readonly HistoryEvent[], currentHostId: string): Assignment {
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.createdAt.localeCompare(b.e.createdAt) || a.i - b.i)
    .map((x) => x.e);
  const routing = ordered.find((e) => (ROUTING_EVENTS as readonly string[]).includes(e.type));
  const data = routing?.data as RoutingData | undefined;
  const first: FirstAssignment | null = routing
    ? {
        kind: routing.type === "booking.routed" ? "routed" : "forced",
        hostId: routing.toUserId,
        strategy: data?.strategy && data.strategy !== "forced" ? data.strategy : null,
        tier: data?.tier ?? null,
        rank: data?.rank ?? null,
        reason: routing.reason,
        at: routing.createdAt,
      }
    : null;
  const handoffs = ordered
    .filter((e) => HANDOFF_TYPES.has(e.type))
    .map((e) => {
      const d = (e.data ?? {}) as Record<string, unknown>;
      return {
        fromUserId: e.fromUserId,
        toUserId: e.toUserId,
        byUserId: e.actorUserId,
        viaQueueId: str(d.viaQueueId),
        why: whyOf(e),
        reason: e.reason,
        at: e.createdAt,
      };
    });
  return { first, handoffs, currentHostId, handedOff: handoffs.length > 0 };
}
