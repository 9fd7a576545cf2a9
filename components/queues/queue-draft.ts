/** The member editor's unsaved state, kept as the strings the inputs hold, and its conversions. */
import type { QueueResponse, QueueUpdateBody } from "@/lib/api/schemas/queues";

export interface DraftMember {
  userId: string;
  name: string;
  weight: string;
  capPerDay: string;
  capPerWeek: string;
}
export interface QueueDraft {
  /** The queue version the draft started from: sent as If-Match, so a change made meanwhile is not overwritten. */
  version: number;
  /** The editable fields as they were at the start (JSON): tells edits apart from a queue that moved on. */
  origin: string;
  strategy: QueueResponse["strategy"];
  fairnessWindow: QueueResponse["fairnessWindow"];
  returnPolicy: QueueResponse["returnPolicy"];
  handoffFairness: QueueResponse["handoffFairness"];
  members: DraftMember[];
}

const editable = (
  d: Pick<QueueDraft, "strategy" | "fairnessWindow" | "returnPolicy" | "handoffFairness" | "members">,
) =>
  JSON.stringify({
    strategy: d.strategy,
    fairnessWindow: d.fairnessWindow,
    returnPolicy: d.returnPolicy,
    handoffFairness: d.handoffFairness,
    members: d.members,
  });

export function draftFrom(q: QueueResponse): QueueDraft {
  const fields = {
    strategy: q.strategy,
    fairnessWindow: q.fairnessWindow,
    returnPolicy: q.returnPolicy,
    handoffFairness: q.handoffFairness,
    members: q.users.map((u) => ({
      userId: u.userId,
      name: u.name,
      weight: String(u.weight),
      capPerDay: u.capPerDay === null ? "" : String(u.capPerDay),
      capPerWeek: u.capPerWeek === null ? "" : String(u.capPerWeek),
    })),
  };
  return { version: q.version, origin: editable(fields), ...fields };
}

/** The manager changed something since the draft started (whatever happened to the queue meanwhile). */
export const isEdited = (d: QueueDraft) => editable(d) !== d.origin;

/**
 * The draft to show for the queue as the cache has it now: an untouched draft follows a queue that changed
 * elsewhere (another tab, a group move), an edited one is kept, and saving it will say what changed meanwhile.
 */
export const followQueue = (q: QueueResponse, d: QueueDraft) =>
  d.version === q.version || isEdited(d) ? d : draftFrom(q);

/**
 * Empty weight is sent as null so the server explains it; empty cap means "no cap". Only plain whole numbers
 * become numbers: anything else ("1e3", "2.5", "0x10", which a number field lets through) goes to the server
 * as typed, and the server refuses it next to the field.
 */
const num = (s: string) => {
  const t = s.trim();
  if (t === "") return null;
  return /^\d{1,9}$/.test(t) ? Number(t) : (t as unknown as number);
};

export function settingsFrom(d: QueueDraft): QueueUpdateBody {
  return {
    strategy: d.strategy,
    fairnessWindow: d.fairnessWindow,
    returnPolicy: d.returnPolicy,
    handoffFairness: d.handoffFairness,
    users: d.members.map((m) => ({
      userId: m.userId,
      weight: num(m.weight) as number,
      capPerDay: num(m.capPerDay),
      capPerWeek: num(m.capPerWeek),
    })),
  };
}

/** The queue as it will look once saved: used for the optimistic update. */
export function applyDraft(q: QueueResponse, s: QueueUpdateBody): QueueResponse {
  const by = new Map(s.users.map((u) => [u.userId, u]));
  return {
    ...q,
    strategy: s.strategy ?? q.strategy,
    fairnessWindow: s.fairnessWindow ?? q.fairnessWindow,
    returnPolicy: s.returnPolicy ?? q.returnPolicy,
    handoffFairness: s.handoffFairness ?? q.handoffFairness,
    users: q.users
      .filter((u) => by.has(u.userId))
      .map((u) => {
        const e = by.get(u.userId)!;
        const weight = Number.isFinite(e.weight) ? e.weight : u.weight;
        return { ...u, weight, paused: weight === 0, capPerDay: e.capPerDay ?? null, capPerWeek: e.capPerWeek ?? null };
      }),
  };
}

export const isDirty = (q: QueueResponse, d: QueueDraft) => editable(draftFrom(q)) !== editable(d);

/**
 * Whether saving changes a weight that routing uses (a member active before and after, under a
 * weighted strategy): then the manager chooses "from now" or "over the whole window". The server
 * decides the same way (weightsChanged in lib/routing).
 */
export function weightsEdited(
  q: QueueResponse,
  s: QueueUpdateBody,
  usesWeights: (strategy: string) => boolean,
): boolean {
  const was = new Map(q.users.map((u) => [u.userId, u.weight]));
  const before = usesWeights(q.strategy);
  const after = usesWeights(s.strategy ?? q.strategy);
  return s.users.some((u) => {
    const w0 = was.get(u.userId);
    if (w0 === undefined || !(w0 > 0) || !(u.weight > 0)) return false;
    return (before ? w0 : 1) !== (after ? u.weight : 1);
  });
}
