/**
 * The queue page's history: who changed weights, caps, strategy, fairness window, return policy
 * and priority groups, and when, read from the events table (queue.* and queue_group.* events).
 * New events carry before/after (data.changes, data.before); for older ones the change is
 * reconstructed from the previous event of the same queue or group where the log has it.
 */
import { and, desc, eq, inArray, like } from "drizzle-orm";
import { events, users } from "@/db/schema";
import { STRATEGIES, type Strategy } from "@/db/strategies";
import type { UseCaseContext } from "@/lib/context";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import { diffQueueSettings, type MemberSettings, type QueueChange, type QueueSettingsState } from "./queue-changes";

export interface HistoryEntry {
  id: string;
  /** ISO instant; the page shows it in the workspace zone. */
  at: string;
  actor: string | null;
  /** Plain-words lines, one per change. */
  lines: string[];
}
export interface QueueHistory {
  queueId: string;
  timeZone: string;
  entries: HistoryEntry[];
}

export interface HistoryEvent {
  id: string;
  type: string;
  createdAt: Date;
  actorUserId: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

/** Events read to rebuild older entries; the page shows the newest SHOWN. */
const READ = 300;
const SHOWN = 50;

export async function queueHistory(ctx: UseCaseContext, queueId: string): Promise<QueueHistory> {
  const { db, workspaceId } = ctx;
  await getWorkspaceQueue(db, workspaceId, queueId);
  const rows = await db
    .select({
      id: events.id,
      type: events.type,
      createdAt: events.createdAt,
      actorUserId: events.actorUserId,
      reason: events.reason,
      data: events.data,
    })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.queueId, queueId), like(events.type, "queue%")))
    .orderBy(desc(events.createdAt), desc(events.id))
    .limit(READ);
  rows.reverse();
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.actorUserId) ids.add(r.actorUserId);
    for (const id of userIdsIn(r.data)) ids.add(id);
  }
  const people = ids.size
    ? await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, [...ids])))
    : [];
  const names = new Map(people.map((p) => [p.id, p.name]));
  return { queueId, timeZone: ctx.timeZone, entries: historyEntries(rows, names).slice(0, SHOWN) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** User ids an event's data names (member lists, changes, group members); only well-formed ids. */
function userIdsIn(data: Record<string, unknown> | null): string[] {
  if (!data) return [];
  const out: string[] = [];
  const add = (x: unknown) => {
    if (!Array.isArray(x)) return;
    for (const v of x) {
      const id: unknown = typeof v === "string" ? v : (v as { userId?: unknown } | null)?.userId;
      if (typeof id === "string" && UUID.test(id)) out.push(id);
    }
  };
  add(data.users);
  add(data.userIds);
  add(data.changes);
  add((data.before as { userIds?: unknown } | undefined)?.userIds);
  return out;
}

const WINDOW: Record<string, string> = { none: "all time", day: "daily", week: "weekly", month: "monthly" };
const POLICY: Record<string, string> = { keep_position: "keep position", catch_up: "catch up" };
const HANDOFFS: Record<string, string> = {
  keep_routed_credit: "routed host keeps the credit",
  move_count: "count moves to the new host",
};
const strategyLabel = (s: string) => STRATEGIES[s as Strategy]?.label ?? s;
const cap = (c: number | null) => (c === null ? "none" : String(c));

/**
 * Entries newest first from events oldest first (pure). Events of one transaction (same instant
 * and actor, e.g. a member moved out of one group and into another) become one entry.
 */
export function historyEntries(rows: HistoryEvent[], names: ReadonlyMap<string, string>): HistoryEntry[] {
  const who = (id: string) => names.get(id) ?? "a removed person";
  let settings: QueueSettingsState | null = null;
  const groups = new Map<string, { name?: string; priority?: number; userIds?: string[] }>();
  const groupName = (id: string, fallback?: unknown) =>
    typeof fallback === "string" ? fallback : (groups.get(id)?.name ?? "a priority group");
  const entries: HistoryEntry[] = [];
  let last: (HistoryEntry & { key: string }) | null = null;

  for (const r of rows) {
    const d = r.data ?? {};
    const lines: string[] = [];
    if (r.type === "queue.updated") {
      const after = settingsAfter(d);
      const changes: QueueChange[] | null = Array.isArray(d.changes)
        ? (d.changes as QueueChange[])
        : after && settings
          ? diffQueueSettings(settings, after)
          : null;
      if (changes) lines.push(...(changes.length ? changes.map((c) => changeLine(c, who)) : ["Saved without changes"]));
      else if (after) lines.push(fullState(after, who));
      if (after) settings = after;
    } else if (r.type === "queue_group.created") {
      const id = String(d.groupId);
      const userIds = strings(d.userIds);
      groups.set(id, { name: String(d.name), priority: Number(d.priority), userIds });
      lines.push(
        `Created priority group “${String(d.name)}” (priority ${String(d.priority)})` +
          (userIds.length ? ` with ${userIds.map(who).join(", ")}` : ""),
      );
    } else if (r.type === "queue_group.updated") {
      const id = String(d.groupId);
      const known = groups.get(id) ?? {};
      const before = { ...known, ...((d.before as typeof known | undefined) ?? {}) };
      const label = groupName(id, before.name ?? (typeof d.name === "string" ? d.name : undefined));
      if (typeof d.name === "string" && d.name !== before.name) {
        lines.push(
          before.name ? `Renamed priority group “${before.name}” to “${d.name}”` : `Named a priority group “${d.name}”`,
        );
      }
      if (typeof d.priority === "number" && d.priority !== before.priority) {
        lines.push(
          before.priority !== undefined
            ? `Priority group “${label}”: priority ${before.priority} → ${d.priority}`
            : `Priority group “${label}”: priority set to ${d.priority}`,
        );
      }
      if (Array.isArray(d.userIds)) {
        const now = strings(d.userIds);
        if (before.userIds) {
          const added = now.filter((u) => !before.userIds!.includes(u));
          const removed = before.userIds.filter((u) => !now.includes(u));
          const parts = [
            ...(added.length ? [`added ${added.map(who).join(", ")}`] : []),
            ...(removed.length ? [`removed ${removed.map(who).join(", ")}`] : []),
          ];
          if (parts.length) lines.push(`Priority group “${label}”: ${parts.join("; ")}`);
        } else {
          lines.push(`Priority group “${label}”: members now ${now.length ? now.map(who).join(", ") : "nobody"}`);
        }
      }
      groups.set(id, {
        name: typeof d.name === "string" ? d.name : before.name,
        priority: typeof d.priority === "number" ? d.priority : before.priority,
        userIds: Array.isArray(d.userIds) ? strings(d.userIds) : before.userIds,
      });
    } else if (r.type === "queue_group.deleted") {
      const id = String(d.groupId);
      lines.push(`Deleted priority group “${groupName(id, d.name)}”`);
      groups.delete(id);
    } else {
      // Queue events this page does not know in detail: say that something changed, and why if given.
      lines.push(r.reason ? capitalize(r.reason) : `Queue changed (${r.type})`);
    }
    if (!lines.length) continue;
    const key = `${r.createdAt.getTime()}|${r.actorUserId ?? ""}`;
    if (last && last.key === key) {
      last.lines.push(...lines);
      continue;
    }
    last = {
      key,
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: r.actorUserId ? who(r.actorUserId) : null,
      lines,
    };
    entries.push(last);
  }
  return entries.reverse().map(({ id, at, actor, lines }) => ({ id, at, actor, lines }));
}

function strings(x: unknown): string[] {
  return Array.isArray(x) ? x.map(String) : [];
}
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function settingsAfter(d: Record<string, unknown>): QueueSettingsState | null {
  if (!Array.isArray(d.users)) return null;
  return {
    strategy: String(d.strategy) as Strategy,
    fairnessWindow: String(d.fairnessWindow),
    returnPolicy: String(d.returnPolicy),
    ...(typeof d.handoffFairness === "string" && { handoffFairness: d.handoffFairness }),
    users: (d.users as ({ userId: string } & Partial<MemberSettings>)[]).map((u) => ({
      userId: String(u.userId),
      weight: Number(u.weight),
      capPerDay: u.capPerDay ?? null,
      capPerWeek: u.capPerWeek ?? null,
    })),
  };
}

function changeLine(c: QueueChange, who: (id: string) => string): string {
  if (c.field !== "member") {
    if (c.field === "strategy") return `Strategy: ${strategyLabel(c.from)} → ${strategyLabel(c.to)}`;
    if (c.field === "fairnessWindow") return `Fairness window: ${WINDOW[c.from] ?? c.from} → ${WINDOW[c.to] ?? c.to}`;
    if (c.field === "handoffFairness") return `Handoffs: ${HANDOFFS[c.from] ?? c.from} → ${HANDOFFS[c.to] ?? c.to}`;
    return `Return policy: ${POLICY[c.from] ?? c.from} → ${POLICY[c.to] ?? c.to}`;
  }
  const name = who(c.userId);
  if (!c.from && c.to) return `Added ${name} (${settingsText(c.to)})`;
  if (c.from && !c.to) return `Removed ${name}`;
  if (!c.from || !c.to) return `${name} changed`;
  const parts: string[] = [];
  if (c.from.weight !== c.to.weight)
    parts.push(
      `weight ${c.from.weight} → ${c.to.weight}${c.to.weight === 0 ? " (paused)" : c.from.weight === 0 ? " (resumed)" : ""}`,
    );
  if (c.from.capPerDay !== c.to.capPerDay) parts.push(`daily cap ${cap(c.from.capPerDay)} → ${cap(c.to.capPerDay)}`);
  if (c.from.capPerWeek !== c.to.capPerWeek)
    parts.push(`weekly cap ${cap(c.from.capPerWeek)} → ${cap(c.to.capPerWeek)}`);
  return `${name}: ${parts.join(", ")}`;
}

function settingsText(s: MemberSettings): string {
  const parts = [`weight ${s.weight}`];
  if (s.capPerDay !== null) parts.push(`daily cap ${s.capPerDay}`);
  if (s.capPerWeek !== null) parts.push(`weekly cap ${s.capPerWeek}`);
  return parts.join(", ");
}

/** Settings of an old event with no previous one to compare with: the whole state, as saved. */
function fullState(s: QueueSettingsState, who: (id: string) => string): string {
  return (
    `Saved ${strategyLabel(s.strategy)}, ${WINDOW[s.fairnessWindow] ?? s.fairnessWindow} window; ` +
    (s.users.length ? s.users.map((u) => `${who(u.userId)} ${settingsText(u)}`).join("; ") : "no members")
  );
}
