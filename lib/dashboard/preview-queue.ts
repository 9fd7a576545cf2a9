/**
 * "What would the next N bookings look like?" for a queue with edited, unsaved settings: the
 * upcoming free slots of the queue's meeting type walked in time order (walkSlots in
 * lib/routing: working hours, absences, bookings with buffers, caps per day and week, tiers),
 * once as saved and once as edited, from the live counters. Read-only. Bounded: at most 500
 * bookings over at most 62 days (fewer days for a large queue, see MAX_HOST_DAYS).
 */
import { z } from "zod";
import { DEFAULT_WEIGHT_CHANGE, rebaseToPar, walkSlots, type CapReached, type WalkMember } from "@/lib/routing";
import { membersAsSaved, withCredits } from "@/lib/dashboard/preview-weight-change";
import { queueUpdateBody } from "@/lib/api/schemas/queues";
import * as v from "@/lib/validation";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import type { UseCaseContext } from "@/lib/context";
import { gridStarts, unionStarts } from "@/lib/slots";
import { loadQueueSnapshot } from "@/lib/queues/load-queue-snapshot";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { yieldSlices } from "@/lib/concurrency/yield-slices";
import { DAY_MS, MINUTE_MS } from "@/lib/time-units";

export const previewInput = z.object({
  queueId: v.uuid,
  bookings: z.number().int().min(1, "must be at least 1").max(500, "must be 500 or fewer"),
  settings: queueUpdateBody,
});
export type PreviewInput = z.infer<typeof previewInput>;

/** How far ahead the walk looks. */
export const PREVIEW_MAX_DAYS = 62;
/** Member × day pairs loaded (working hours are expanded per pair), as availability bounds them. */
const MAX_HOST_DAYS = 6_000;

export interface PreviewRow {
  userId: string;
  name: string;
  current: number;
  edited: number;
}
export interface PreviewResult {
  bookings: number;
  rows: PreviewRow[];
  /** Bookings that found no free slot within the horizon. */
  unrouted: { current: number; edited: number };
  /** Hosts of the edited walk's bookings, in order. */
  sequence: string[];
  /** When the edited walk's first and last bookings start (ISO), null when none was placed. */
  from: string | null;
  until: string | null;
  /** Days walked from now. */
  horizonDays: number;
  /** Caps that filled during the edited walk (first time per member and kind, with how often). */
  capsReached: (CapReached & { name: string; atIso: string; times: number })[];
  timeZone: string;
  durationMs: number;
}

export async function previewQueue(ctx: UseCaseContext, input: PreviewInput, now = Date.now()): Promise<PreviewResult> {
  const { db, workspaceId } = ctx;
  const queue = await getWorkspaceQueue(db, workspaceId, input.queueId);
  const mt = await getMeetingType(db, workspaceId, queue.meetingTypeId);
  const durationMs = mt.durationMinutes * MINUTE_MS;
  const memberCount = Math.max(1, input.settings.users.length);
  const horizonDays = Math.max(1, Math.min(PREVIEW_MAX_DAYS, Math.floor(MAX_HOST_DAYS / memberCount)));
  const range = { start: now, end: now + horizonDays * DAY_MS };
  const pause = yieldSlices();
  const snap = await loadQueueSnapshot(db, queue, {
    workspaceTimeZone: ctx.timeZone,
    now,
    range: { start: range.start, end: range.end + durationMs },
    buffers: mt,
    pause,
  });
  // The meeting type's grid on every member's working hours: paused members' hours too, since
  // the edited settings may resume them; rankHosts refuses whoever is not free at a start.
  const grid = {
    durationMs,
    stepMs: mt.slotIntervalMinutes * MINUTE_MS,
    notBefore: now + mt.minimumNoticeMinutes * MINUTE_MS,
    range,
  };
  const starts = unionStarts(snap.members.map((m) => gridStarts(m.workingHours ?? [], grid)));
  await pause();

  const live: WalkMember[] = snap.members;
  const editedConfig = {
    ...snap.config,
    strategy: input.settings.strategy ?? snap.config.strategy,
    fairnessWindow: input.settings.fairnessWindow ?? snap.config.fairnessWindow,
    returnPolicy: input.settings.returnPolicy ?? snap.config.returnPolicy,
  };
  // The members as Save would leave them (joins and resumes calibrated, deactivated people kept at 0) and,
  // when weights change, re-based as the save's weight-change choice does (from now by default).
  const saved = membersAsSaved({ snap, config: editedConfig, users: input.settings.users, now });
  const choice = input.settings.weightChange ?? DEFAULT_WEIGHT_CHANGE;
  const asSaved =
    saved.changed && choice === "from_now"
      ? withCredits(saved.after, rebaseToPar(editedConfig, snap.groups, saved.after))
      : saved.after;
  const savedById = new Map(asSaved.map((m) => [m.userId, m]));
  const edited: WalkMember[] = snap.members.flatMap((m) => {
    const a = savedById.get(m.userId);
    return a
      ? [{ ...m, weight: a.weight, capPerDay: a.capPerDay, capPerWeek: a.capPerWeek, windowCredit: a.windowCredit }]
      : [];
  });
  const walk = (config: typeof snap.config, members: WalkMember[]) =>
    walkSlots({
      config,
      groups: snap.groups,
      members,
      starts,
      durationMs,
      bufferBeforeMs: mt.bufferBeforeMinutes * MINUTE_MS,
      bufferAfterMs: mt.bufferAfterMinutes * MINUTE_MS,
      // One lead per meeting length (with buffers): the last host is free again for the next lead.
      minGapMs: durationMs + (mt.bufferBeforeMinutes + mt.bufferAfterMinutes) * MINUTE_MS,
      bookings: input.bookings,
      now,
    });
  const before = walk(snap.config, live);
  await pause();
  const after = walk(editedConfig, edited);

  const nameOf = new Map(snap.members.map((m) => [m.userId, m.name]));
  const firstCaps = new Map<string, PreviewResult["capsReached"][number]>();
  for (const c of after.capsReached) {
    const k = `${c.userId}:${c.kind}`;
    const seen = firstCaps.get(k);
    if (seen) seen.times++;
    else firstCaps.set(k, { ...c, name: nameOf.get(c.userId) ?? "", atIso: new Date(c.at).toISOString(), times: 1 });
  }
  const seq = after.sequence;
  return {
    bookings: input.bookings,
    rows: snap.members.map((m) => ({
      userId: m.userId,
      name: m.name,
      current: before.counts[m.userId] ?? 0,
      edited: after.counts[m.userId] ?? 0,
    })),
    unrouted: { current: input.bookings - before.sequence.length, edited: input.bookings - seq.length },
    sequence: seq.map((s) => s.userId),
    from: seq.length ? new Date(seq[0].start).toISOString() : null,
    until: seq.length ? new Date(seq[seq.length - 1].start).toISOString() : null,
    horizonDays,
    capsReached: [...firstCaps.values()].sort((a, b) => a.at - b.at),
    timeZone: ctx.timeZone,
    durationMs,
  };
}
