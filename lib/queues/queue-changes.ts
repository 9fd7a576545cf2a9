/**
 * What one save changed in a queue, as data (stored with the queue's event) and in plain words (told to a
 * second editor whose save was refused because the queue changed under them). Pure.
 */
export interface MemberSettings {
  userId: string;
  weight: number;
  capPerDay: number | null;
  capPerWeek: number | null;
}
export interface QueueSettingsState {
  strategy: string;
  fairnessWindow: string;
  returnPolicy: string;
  /** In queue order. */
  users: MemberSettings[];
}

export type QueueChange =
  | { field: "strategy" | "fairnessWindow" | "returnPolicy"; from: string; to: string }
  | { field: "weight" | "capPerDay" | "capPerWeek"; userId: string; from: number | null; to: number | null }
  | { field: "member"; userId: string; change: "added" | "removed" }
  | { field: "order" }
  | { field: "groups"; change: "created" | "renamed" | "deleted" | "members" | "priority"; groupName: string }
  | { field: "archived"; to: boolean };

const SETTINGS = ["strategy", "fairnessWindow", "returnPolicy"] as const;
const MEMBER_FIELDS = ["weight", "capPerDay", "capPerWeek"] as const;

export function diffQueueSettings(before: QueueSettingsState, after: QueueSettingsState): QueueChange[] {
  const out: QueueChange[] = [];
  for (const f of SETTINGS) if (before[f] !== after[f]) out.push({ field: f, from: before[f], to: after[f] });
  const was = new Map(before.users.map((u) => [u.userId, u]));
  const now = new Map(after.users.map((u) => [u.userId, u]));
  for (const u of after.users) {
    const b = was.get(u.userId);
    if (!b) {
      out.push({ field: "member", userId: u.userId, change: "added" });
      continue;
    }
    for (const f of MEMBER_FIELDS) if (b[f] !== u[f]) out.push({ field: f, userId: u.userId, from: b[f], to: u[f] });
  }
  for (const u of before.users)
    if (!now.has(u.userId)) out.push({ field: "member", userId: u.userId, change: "removed" });
  const stayed = (l: MemberSettings[], other: Map<string, MemberSettings>) =>
    l.filter((u) => other.has(u.userId)).map((u) => u.userId);
  if (stayed(before.users, now).join() !== stayed(after.users, was).join()) out.push({ field: "order" });
  return out;
}

const words = (s: string) => s.replaceAll("_", " ");
const cap = (n: number | null) => (n === null ? "none" : String(n));
const SETTING_LABEL = { strategy: "strategy", fairnessWindow: "fairness window", returnPolicy: "return policy" };
const MEMBER_LABEL = { weight: "weight", capPerDay: "daily cap", capPerWeek: "weekly cap" };
const GROUP_VERB = {
  created: "created",
  renamed: "renamed",
  deleted: "deleted",
  members: "members changed",
  priority: "moved to another tier",
};

/** One change in plain words; `nameOf` gives a person's name for an id. */
export function describeQueueChange(c: QueueChange, nameOf: (userId: string) => string): string {
  switch (c.field) {
    case "strategy":
    case "fairnessWindow":
    case "returnPolicy":
      return `${SETTING_LABEL[c.field]}: ${words(c.from)} → ${words(c.to)}`;
    case "weight":
    case "capPerDay":
    case "capPerWeek":
      return `${nameOf(c.userId)}'s ${MEMBER_LABEL[c.field]}: ${cap(c.from)} → ${cap(c.to)}`;
    case "member":
      return c.change === "added" ? `${nameOf(c.userId)} added` : `${nameOf(c.userId)} removed`;
    case "order":
      return "order of the members";
    case "groups":
      return `priority group "${c.groupName}" ${GROUP_VERB[c.change]}`;
    case "archived":
      return c.to ? "queue archived" : "queue restored from the archive";
  }
}

/**
 * Whether changes made meanwhile touch what a members/settings save writes (settings, members, weights,
 * caps, order). Group and archive changes do not: a save over them overwrites nothing of them.
 */
export const overlapsMemberSettings = (changes: readonly QueueChange[]) =>
  changes.some((c) => c.field !== "groups" && c.field !== "archived");
