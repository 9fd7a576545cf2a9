/**
 * "What would the next N bookings look like?" for a queue with edited, unsaved settings:
 * the live queue state (counters, caps, exceptions active now) run through the engine's
 * simulate, once as saved and once as edited. Read-only.
 */
import { z } from "zod";
import { simulate, type MemberInput } from "@/lib/routing";
import { queueUpdateBody } from "@/lib/api/schemas/queues";
import * as v from "@/lib/validation";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import type { UseCaseContext } from "@/lib/context";
import { NO_BUFFERS } from "@/lib/slots";
import { loadQueueSnapshot, memberInputsAt } from "@/lib/queues/load-queue-snapshot";

export const previewInput = z.object({
  queueId: v.uuid,
  bookings: z.number().int().min(1, "must be at least 1").max(500, "must be 500 or fewer"),
  settings: queueUpdateBody,
});
export type PreviewInput = z.infer<typeof previewInput>;

export interface PreviewRow {
  userId: string;
  name: string;
  current: number;
  edited: number;
}
export interface PreviewResult {
  bookings: number;
  rows: PreviewRow[];
  unrouted: { current: number; edited: number };
  sequence: string[];
}

export async function previewQueue(ctx: UseCaseContext, input: PreviewInput, now = Date.now()): Promise<PreviewResult> {
  const { db, workspaceId } = ctx;
  const queue = await getWorkspaceQueue(db, workspaceId, input.queueId);
  const snap = await loadQueueSnapshot(db, queue, {
    workspaceTimeZone: ctx.timeZone,
    now,
    buffers: NO_BUFFERS,
  });
  const live = memberInputsAt(snap, now);
  const edits = new Map(input.settings.users.map((u) => [u.userId, u]));
  const edited: MemberInput[] = live
    .filter((m) => edits.has(m.userId))
    .map((m) => {
      const e = edits.get(m.userId)!;
      return { ...m, weight: e.weight, capPerDay: e.capPerDay ?? null, capPerWeek: e.capPerWeek ?? null };
    });
  const editedConfig = {
    ...snap.config,
    strategy: input.settings.strategy ?? snap.config.strategy,
    fairnessWindow: input.settings.fairnessWindow ?? snap.config.fairnessWindow,
    returnPolicy: input.settings.returnPolicy ?? snap.config.returnPolicy,
  };
  const before = simulate({ config: snap.config, groups: snap.groups, members: live, bookings: input.bookings });
  const after = simulate({ config: editedConfig, groups: snap.groups, members: edited, bookings: input.bookings });
  return {
    bookings: input.bookings,
    rows: snap.members.map((m) => ({
      userId: m.userId,
      name: m.name,
      current: before.counts[m.userId] ?? 0,
      edited: after.counts[m.userId] ?? 0,
    })),
    unrouted: { current: before.unrouted, edited: after.unrouted },
    sequence: after.sequence,
  };
}
