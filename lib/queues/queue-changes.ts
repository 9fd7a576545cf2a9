/**
 * What a change of a queue did: the one model of it, stored with the change's event (data.changes) and
 * told in plain words by describeQueueChange. Two readers: the queue page's history (who changed what,
 * lib/queues/get-queue-history.ts) and a second editor whose save was refused because the queue changed
 * under them (the 412's details and the dashboard's notice, lib/queues/queue-version.ts). Pure.
 */
import { STRATEGIES, type Strategy } from "@/db/strategies";

export interface MemberSettings {
  weight: number;
  capPerDay: number | null;
  capPerWeek: number | null;
}
export interface QueueSettingsState {
  strategy: string;
  fairnessWindow: string;
  returnPolicy: string;
  /** Absent in events written before the setting existed. */
  handoffFairness?: string;
  /** In queue order. */
  users: ({ userId: string } & MemberSettings)[];
}

export type GroupChange =
  | { field: "groups"; change: "created"; groupName: string; priority: number; userIds: string[] }
  /** `groupName` is the new name. */
  | { field: "groups"; change: "renamed"; groupName: string; from: string }
  | { field: "groups"; change: "priority"; groupName: string; from: number; to: number }
  | { field: "groups"; change: "members"; groupName: string; added: string[]; removed: string[] }
  | { field: "groups"; change: "deleted"; groupName: string };

/** One changed thing. A member with `from: null` was added, with `to: null` removed. */
export type QueueChange =
  | { field: "strategy" | "fairnessWindow" | "returnPolicy" | "handoffFairness"; from: string; to: string }
  | { field: "member"; userId: string; from: MemberSettings | null; to: MemberSettings | null }
  /** The same members in another order. */
  | { field: "order" }
  | GroupChange
  | { field: "archived"; to: boolean };

const settingsOf = (u: MemberSettings): MemberSettings => ({
  weight: u.weight,
  capPerDay: u.capPerDay ?? null,
  capPerWeek: u.capPerWeek ?? null,
});
const sameSettings = (a: MemberSettings, b: MemberSettings) =>
  a.weight === b.weight && a.capPerDay === b.capPerDay && a.capPerWeek === b.capPerWeek;

/**
 * Only what differs: settings whose value changed, members added, removed or with other weight or caps,
 * and a change of order among the members that stayed.
 */
export function diffQueueSettings(before: QueueSettingsState, after: QueueSettingsState): QueueChange[] {
  const out: QueueChange[] = [];
  for (const field of ["strategy", "fairnessWindow", "returnPolicy"] as const) {
    if (before[field] !== after[field]) out.push({ field, from: before[field], to: after[field] });
  }
  if (before.handoffFairness && after.handoffFairness && before.handoffFairness !== after.handoffFairness)
    out.push({ field: "handoffFairness", from: before.handoffFairness, to: after.handoffFairness });
  const was = new Map(before.users.map((u) => [u.userId, settingsOf(u)]));
  const now = new Map(after.users.map((u) => [u.userId, settingsOf(u)]));
  for (const [userId, to] of now) {
    const from = was.get(userId) ?? null;
    if (!from || !sameSettings(from, to)) out.push({ field: "member", userId, from, to });
  }
  for (const [userId, from] of was) if (!now.has(userId)) out.push({ field: "member", userId, from, to: null });
  const stayed = (l: QueueSettingsState["users"], other: Map<string, unknown>) =>
    l.filter((u) => other.has(u.userId)).map((u) => u.userId);
  if (stayed(before.users, now).join() !== stayed(after.users, was).join()) out.push({ field: "order" });
  return out;
}

/** The people a change names, for looking up their names. */
export function userIdsOf(c: QueueChange): string[] {
  if (c.field === "member") return [c.userId];
  if (c.field !== "groups") return [];
  if (c.change === "created") return c.userIds;
  if (c.change === "members") return [...c.added, ...c.removed];
  return [];
}

/**
 * Whether changes made meanwhile touch what a members/settings save writes (settings, members, weights,
 * caps, order). Group and archive changes do not: a save over them overwrites nothing of them.
 */
export const overlapsMemberSettings = (changes: readonly QueueChange[]) =>
  changes.some((c) => c.field !== "groups" && c.field !== "archived");

const WINDOW: Record<string, string> = { none: "all time", day: "daily", week: "weekly", month: "monthly" };
const POLICY: Record<string, string> = { keep_position: "keep position", catch_up: "catch up" };
const HANDOFFS: Record<string, string> = {
  keep_routed_credit: "routed host keeps the credit",
  move_count: "count moves to the new host",
};
export const strategyLabel = (s: string) => STRATEGIES[s as Strategy]?.label ?? s;
export const windowLabel = (w: string) => WINDOW[w] ?? w;
const cap = (c: number | null) => (c === null ? "none" : String(c));

/** A member's weight and caps in words ("weight 3, daily cap 6"). */
export function settingsText(s: MemberSettings): string {
  const parts = [`weight ${s.weight}`];
  if (s.capPerDay !== null) parts.push(`daily cap ${s.capPerDay}`);
  if (s.capPerWeek !== null) parts.push(`weekly cap ${s.capPerWeek}`);
  return parts.join(", ");
}

/** One change in plain words; `nameOf` gives a person's name for an id. */
export function describeQueueChange(c: QueueChange, nameOf: (userId: string) => string): string {
  switch (c.field) {
    case "strategy":
      return `Strategy: ${strategyLabel(c.from)} → ${strategyLabel(c.to)}`;
    case "fairnessWindow":
      return `Fairness window: ${windowLabel(c.from)} → ${windowLabel(c.to)}`;
    case "returnPolicy":
      return `Return policy: ${POLICY[c.from] ?? c.from} → ${POLICY[c.to] ?? c.to}`;
    case "handoffFairness":
      return `Handoffs: ${HANDOFFS[c.from] ?? c.from} → ${HANDOFFS[c.to] ?? c.to}`;
    case "member":
      return memberLine(c, nameOf);
    case "order":
      return "Changed the order of the members";
    case "groups":
      return groupLine(c, nameOf);
    case "archived":
      return c.to ? "Archived the queue" : "Restored the queue from the archive";
  }
}

function memberLine(c: Extract<QueueChange, { field: "member" }>, nameOf: (userId: string) => string): string {
  const name = nameOf(c.userId);
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

function groupLine(c: GroupChange, nameOf: (userId: string) => string): string {
  switch (c.change) {
    case "created":
      return (
        `Created priority group “${c.groupName}” (priority ${c.priority})` +
        (c.userIds.length ? ` with ${c.userIds.map(nameOf).join(", ")}` : "")
      );
    case "renamed":
      return `Renamed priority group “${c.from}” to “${c.groupName}”`;
    case "priority":
      return `Priority group “${c.groupName}”: priority ${c.from} → ${c.to}`;
    case "members": {
      const parts = [
        ...(c.added.length ? [`added ${c.added.map(nameOf).join(", ")}`] : []),
        ...(c.removed.length ? [`removed ${c.removed.map(nameOf).join(", ")}`] : []),
      ];
      return `Priority group “${c.groupName}”: ${parts.length ? parts.join("; ") : "members unchanged"}`;
    }
    case "deleted":
      return `Deleted priority group “${c.groupName}”`;
  }
}
