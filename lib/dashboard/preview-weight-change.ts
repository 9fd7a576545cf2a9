/**
 * The save dialog's preview when weights change: the next N bookings with the edited settings,
 * once applied "from now" (every member re-based to par, rebaseToPar) and once "over the whole
 * window" (counters kept: members catch up to the new shares). Read-only.
 */
import { z } from "zod";
import {
  bareMember,
  calibrateJoin,
  calibrateResume,
  rebaseToPar,
  simulate,
  weightsChanged,
  type MemberInput,
  type QueueConfig,
  type StateDelta,
} from "@/lib/routing";
import { queueUpdateBody, type QueueUpdateBody } from "@/lib/api/schemas/queues";
import * as v from "@/lib/validation";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import type { UseCaseContext } from "@/lib/context";
import { NO_BUFFERS } from "@/lib/slots";
import { loadQueueSnapshot, memberInputsAt, type QueueSnapshot } from "@/lib/queues/load-queue-snapshot";

export const weightChangePreviewInput = z.object({
  queueId: v.uuid,
  bookings: z.number().int().min(1, "must be at least 1").max(200, "must be 200 or fewer").default(20),
  settings: queueUpdateBody,
});
export type WeightChangePreviewInput = z.input<typeof weightChangePreviewInput>;

export interface WeightChangePreview {
  bookings: number;
  /** False when no member's effective weight changes: there is nothing to choose. */
  weightsChanged: boolean;
  rows: Array<{ userId: string; name: string; weight: number; fromNow: number; wholeWindow: number }>;
  unrouted: { fromNow: number; wholeWindow: number };
}

/** Members with the credits of `deltas` added. */
export const withCredits = (ms: MemberInput[], deltas: StateDelta[]) => {
  const by = new Map(deltas.map((d) => [d.userId, d.windowCredit]));
  return ms.map((m) => (by.has(m.userId) ? { ...m, windowCredit: m.windowCredit + by.get(m.userId)! } : m));
};

/**
 * The members as saving `users` would leave them, before the weight-change choice, as updateQueueMembers
 * does: a new member calibrated by the return policy (calibrateJoin), a resumed one lifted (calibrateResume),
 * a deactivated one kept at weight 0. `changed`: whether an effective weight changed (the choice applies).
 */
export function membersAsSaved(o: {
  snap: QueueSnapshot;
  config: QueueConfig;
  users: QueueUpdateBody["users"];
  now: number;
}): { after: MemberInput[]; changed: boolean } {
  const { snap, config, users } = o;
  const live = memberInputsAt(snap, o.now);
  const byId = new Map(live.map((m) => [m.userId, m]));
  const snapById = new Map(snap.members.map((m) => [m.userId, m]));
  const staying = live.filter((m) => users.some((u) => u.userId === m.userId));
  const after: MemberInput[] = users.map((u, position) => {
    const m = byId.get(u.userId);
    const caps = { capPerDay: u.capPerDay ?? null, capPerWeek: u.capPerWeek ?? null };
    if (!m) {
      const credit = calibrateJoin(config, snap.groups, staying, { weight: u.weight, groupIds: [], current: 0 });
      return bareMember(u.userId, { weight: u.weight, position, windowCredit: credit, ...caps });
    }
    const deactivated = snapById.get(u.userId)?.deactivated ?? false;
    const resumed = m.weight === 0 && u.weight > 0 && !deactivated;
    const credit = resumed ? calibrateResume(config, snap.groups, staying, u.userId, u.weight) : 0;
    return { ...m, ...caps, weight: deactivated ? 0 : u.weight, windowCredit: m.windowCredit + credit };
  });
  const changed = weightsChanged({ config: snap.config, members: staying }, { config, members: after });
  return { after, changed };
}

export async function previewWeightChange(
  ctx: UseCaseContext,
  input: z.infer<typeof weightChangePreviewInput>,
  now = Date.now(),
): Promise<WeightChangePreview> {
  const queue = await getWorkspaceQueue(ctx.db, ctx.workspaceId, input.queueId);
  const snap = await loadQueueSnapshot(ctx.db, queue, { workspaceTimeZone: ctx.timeZone, now, buffers: NO_BUFFERS });
  const s = input.settings;
  const config: QueueConfig = {
    ...snap.config,
    strategy: s.strategy ?? snap.config.strategy,
    returnPolicy: s.returnPolicy ?? snap.config.returnPolicy,
  };
  const { after, changed } = membersAsSaved({ snap, config, users: s.users, now });
  const fromNow = simulate({
    config,
    groups: snap.groups,
    members: withCredits(after, rebaseToPar(config, snap.groups, after)),
    bookings: input.bookings,
  });
  const wholeWindow = simulate({ config, groups: snap.groups, members: after, bookings: input.bookings });
  const nameOf = new Map(snap.members.map((m) => [m.userId, m.name]));
  return {
    bookings: input.bookings,
    weightsChanged: changed,
    rows: after.map((m) => ({
      userId: m.userId,
      name: nameOf.get(m.userId) ?? "",
      weight: m.weight,
      fromNow: fromNow.counts[m.userId] ?? 0,
      wholeWindow: wholeWindow.counts[m.userId] ?? 0,
    })),
    unrouted: { fromNow: fromNow.unrouted, wholeWindow: wholeWindow.unrouted },
  };
}
