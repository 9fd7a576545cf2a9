/**
 * The queue page's history: who changed weights, caps, strategy, fairness window, return policy,
 * handoffs, order, priority groups and archiving, and when, read from the events table (queue.* and
 * queue_group.* events). New events carry what they changed (data.changes, lib/queues/queue-changes.ts);
 * for events written before that, the change is reconstructed from the previous event of the same
 * queue or group where the log has it.
 */
import { and, desc, eq, inArray, like } from "drizzle-orm";
import { events, users } from "@/db/schema";
import type { UseCaseContext } from "@/lib/context";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import {
  describeQueueChange,
  diffQueueSettings,
  settingsText,
  strategyLabel,
  userIdsOf,
  windowLabel,
  type MemberSettings,
  type QueueChange,
  type QueueSettingsState,
} from "./queue-changes";

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

interface GroupState {
  name?: string;
  priority?: number;
  userIds?: string[];
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
  if (Array.isArray(data.changes))
    for (const c of data.changes as QueueChange[]) out.push(...userIdsOf(c).filter((id) => UUID.test(id)));
  add((data.before as { userIds?: unknown } | undefined)?.userIds);
  return out;
}

/**
 * Entries newest first from events oldest first (pure). Events of one transaction (same instant
 * and actor, e.g. a member moved out of one group and into another) become one entry.
 */
export function historyEntries(rows: HistoryEvent[], names: ReadonlyMap<string, string>): HistoryEntry[] {
  const who = (id: string) => names.get(id) ?? "a removed person";
  let settings: QueueSettingsState | null = null;
  const groups = new Map<string, GroupState>();
  const groupName = (id: string, fallback?: unknown) =>
    typeof fallback === "string" ? fallback : (groups.get(id)?.name ?? "a priority group");
  const entries: HistoryEntry[] = [];
  let last: (HistoryEntry & { key: string }) | null = null;

  for (const r of rows) {
    const d = r.data ?? {};
    const lines: string[] = [];
    if (Array.isArray(d.changes)) {
      // What the change did, as recorded with it.
      const changes = d.changes as QueueChange[];
      lines.push(...changes.map((c) => describeQueueChange(c, who)));
      if (!changes.length && r.type === "queue.updated") lines.push("Saved without changes");
      if (r.type === "queue.updated") settings = settingsAfter(d) ?? settings;
      trackGroup(groups, r.type, d);
    } else if (r.type === "queue.updated") {
      // Older events: rebuilt from the previous one.
      const after = settingsAfter(d);
      if (after && settings) {
        const changes = diffQueueSettings(settings, after);
        lines.push(...(changes.length ? changes.map((c) => describeQueueChange(c, who)) : ["Saved without changes"]));
      } else if (after) lines.push(fullState(after, who));
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
    strategy: String(d.strategy),
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

/** Settings of an old event with no previous one to compare with: the whole state, as saved. */
function fullState(s: QueueSettingsState, who: (id: string) => string): string {
  return (
    `Saved ${strategyLabel(s.strategy)}, ${windowLabel(s.fairnessWindow)} window; ` +
    (s.users.length ? s.users.map((u) => `${who(u.userId)} ${settingsText(u)}`).join("; ") : "no members")
  );
}

/** Keeps the known state of a group up to date from an event that carries its changes. */
function trackGroup(groups: Map<string, GroupState>, type: string, d: Record<string, unknown>) {
  if (typeof d.groupId !== "string") return;
  if (type === "queue_group.deleted") {
    groups.delete(d.groupId);
    return;
  }
  const known = groups.get(d.groupId) ?? {};
  groups.set(d.groupId, {
    name: typeof d.name === "string" ? d.name : known.name,
    priority: typeof d.priority === "number" ? d.priority : known.priority,
    userIds: Array.isArray(d.userIds) ? strings(d.userIds) : known.userIds,
  });
}
