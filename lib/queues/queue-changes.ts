/**
 * What a queue change did, as a compact before/after diff stored with its event (data.changes),
 * so the queue page's history can say who changed what without replaying the log. Pure.
 */
import type { Strategy } from "@/db/strategies";

export interface MemberSettings {
  weight: number;
  capPerDay: number | null;
  capPerWeek: number | null;
}
export interface QueueSettingsState {
  strategy: Strategy;
  fairnessWindow: string;
  returnPolicy: string;
  /** Absent in events written before the setting existed. */
  handoffFairness?: string;
  users: ({ userId: string } & MemberSettings)[];
}

/** One changed thing. A member with `from: null` was added, with `to: null` removed. */
export type QueueChange =
  | { field: "strategy" | "fairnessWindow" | "returnPolicy" | "handoffFairness"; from: string; to: string }
  | { field: "member"; userId: string; from: MemberSettings | null; to: MemberSettings | null };

const settingsOf = (u: MemberSettings): MemberSettings => ({
  weight: u.weight,
  capPerDay: u.capPerDay ?? null,
  capPerWeek: u.capPerWeek ?? null,
});
const sameSettings = (a: MemberSettings, b: MemberSettings) =>
  a.weight === b.weight && a.capPerDay === b.capPerDay && a.capPerWeek === b.capPerWeek;

/** Only what differs: settings whose value changed, members added, removed or with other weight or caps. */
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
  return out;
}
