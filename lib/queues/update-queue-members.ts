/** PATCH /v4/queue/meeting-type/:meetingTypeId — replaces a queue's members atomically. */
import { transact } from "@/db/transaction";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { events, queueGroupMembers, queueGroups, queueMembers, queueMemberStats, queues } from "@/db/schema";
import {
  bareMember,
  calibrateJoin,
  calibrateResume,
  DEFAULT_WEIGHT_CHANGE,
  rebaseToPar,
  weightsChanged,
  type MemberInput,
  type WeightChange,
} from "@/lib/routing";
import type { QueueResponse, QueueUpdateBody } from "@/lib/api/schemas/queues";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { getQueueDetail } from "@/lib/queues/describe-queues";
import type { UseCaseContext } from "@/lib/context";
import { NO_BUFFERS } from "@/lib/slots";
import { loadQueueSnapshot, memberInputsAt } from "@/lib/queues/load-queue-snapshot";
import { addToStats } from "@/lib/queues/record-queue-stats";
import { assertWorkspaceUsers } from "@/lib/people/manage-users";
import { emitQueueUpdated } from "@/lib/webhooks/emit-domain-events";
import { diffQueueSettings, type QueueSettingsState } from "@/lib/queues/queue-changes";
import { assertIfMatch } from "@/lib/queues/queue-version";

export interface UpdateQueueOptions {
  /** The client's If-Match header (absent: no condition); a stale one is a 412 and nothing is saved. */
  ifMatch?: string | null;
}

/**
 * Creates the queue if the meeting type has none. Removed members also leave the queue's groups
 * (their counters stay, so a re-added member is not reset). New members and paused members being
 * resumed follow the return policy (calibrateJoin / calibrateResume: keep_position puts them at
 * par with their tier, catch_up lets them catch up). Changed weights apply from now (rebaseToPar)
 * or over the whole window, as `weightChange` says (lib/routing/README.md). The queue's version goes
 * up by one, and the event records it with what changed (lib/queues/queue-version.ts).
 */
export async function updateQueueMembers(
  ctx: UseCaseContext,
  meetingTypeId: string,
  body: QueueUpdateBody,
  opts: UpdateQueueOptions = {},
): Promise<QueueResponse> {
  const { db, workspaceId, timeZone } = ctx;
  const actorUserId = ctx.actor.id;
  const mt = await getMeetingType(db, workspaceId, meetingTypeId);
  const wanted = body.users.map((u) => u.userId);
  await assertWorkspaceUsers(db, workspaceId, wanted);

  const queueId = await transact(db, async (tx) => {
    await tx
      .insert(queues)
      .values({ workspaceId, meetingTypeId, name: mt.name })
      .onConflictDoNothing({ target: queues.meetingTypeId });
    const [locked] = await tx.select().from(queues).where(eq(queues.meetingTypeId, meetingTypeId)).for("no key update");
    await assertIfMatch(tx, locked, opts.ifMatch);
    const beforeRows = await tx
      .select()
      .from(queueMembers)
      .where(eq(queueMembers.queueId, locked.id))
      .orderBy(asc(queueMembers.position), asc(queueMembers.userId));
    // As stored before this save, in queue order (the snapshot shows a deactivated member's weight as 0).
    const beforeState: QueueSettingsState = {
      strategy: locked.strategy,
      fairnessWindow: locked.fairnessWindow,
      returnPolicy: locked.returnPolicy,
      handoffFairness: locked.handoffFairness,
      users: beforeRows.map((m) => ({
        userId: m.userId,
        weight: m.weight,
        capPerDay: m.capPerDay,
        capPerWeek: m.capPerWeek,
      })),
    };
    const [queue] = await tx
      .update(queues)
      .set({
        strategy: body.strategy ?? locked.strategy,
        fairnessWindow: body.fairnessWindow ?? locked.fairnessWindow,
        returnPolicy: body.returnPolicy ?? locked.returnPolicy,
        handoffFairness: body.handoffFairness ?? locked.handoffFairness,
        version: sql`${queues.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(queues.id, locked.id))
      .returning();

    const now = Date.now();
    const snap = await loadQueueSnapshot(tx, queue, {
      workspaceTimeZone: timeZone,
      now,
      buffers: NO_BUFFERS,
    });
    const current = new Map(snap.members.map((m) => [m.userId, m]));
    const removed = snap.members.map((m) => m.userId).filter((id) => !wanted.includes(id));
    if (removed.length) {
      await tx
        .delete(queueMembers)
        .where(and(eq(queueMembers.queueId, queue.id), inArray(queueMembers.userId, removed)));
      const groupIds = tx.select({ id: queueGroups.id }).from(queueGroups).where(eq(queueGroups.queueId, queue.id));
      await tx
        .delete(queueGroupMembers)
        .where(and(inArray(queueGroupMembers.groupId, groupIds), inArray(queueGroupMembers.userId, removed)));
    }
    // Calibrate against the members that stay, as they are now (weights before this change).
    const staying = memberInputsAt(snap, now).filter((m) => wanted.includes(m.userId));
    const stayingById = new Map(staying.map((m) => [m.userId, m]));
    // The queue as it is after this change, for the weight-change rebase.
    const after: MemberInput[] = [];
    const key = (userId: string) => ({ queueId: queue.id, windowKey: snap.windowKey, userId });
    const added: string[] = [];
    for (const [position, u] of body.users.entries()) {
      const before = current.get(u.userId);
      const values = { weight: u.weight, capPerDay: u.capPerDay ?? null, capPerWeek: u.capPerWeek ?? null, position };
      if (before) {
        await tx
          .update(queueMembers)
          .set(values)
          .where(and(eq(queueMembers.queueId, queue.id), eq(queueMembers.userId, u.userId)));
        let credit = 0;
        if (before.weight === 0 && u.weight > 0 && !before.deactivated) {
          credit = calibrateResume(snap.config, snap.groups, staying, u.userId, u.weight);
          await addToStats(tx, key(u.userId), { credit });
        }
        const m = stayingById.get(u.userId)!;
        after.push({ ...m, weight: before.deactivated ? 0 : u.weight, windowCredit: m.windowCredit + credit });
        continue;
      }
      added.push(u.userId);
      await tx.insert(queueMembers).values({ queueId: queue.id, userId: u.userId, ...values });
      const [stat] = await tx
        .select()
        .from(queueMemberStats)
        .where(
          and(
            eq(queueMemberStats.queueId, queue.id),
            eq(queueMemberStats.windowKey, snap.windowKey),
            eq(queueMemberStats.userId, u.userId),
          ),
        );
      // keep_position: joins at par with its tier; catch_up: takes bookings until it has its share.
      const credit = calibrateJoin(snap.config, snap.groups, staying, {
        weight: u.weight,
        groupIds: [],
        current: stat ? stat.count + stat.credit : 0,
      });
      await addToStats(tx, key(u.userId), { credit });
      after.push(
        bareMember(u.userId, {
          weight: u.weight,
          position,
          windowCount: stat?.count ?? 0,
          windowCredit: (stat?.credit ?? 0) + credit,
        }),
      );
    }
    // Weights changed: from now (default) every member is re-based to par under the new weights;
    // over the whole window the counters stay and members catch up to the new shares.
    const beforeConfig = { ...snap.config, strategy: locked.strategy };
    const reweighted = weightsChanged(
      { config: beforeConfig, members: staying },
      { config: snap.config, members: after },
    );
    const weightChange: WeightChange | null = reweighted ? (body.weightChange ?? DEFAULT_WEIGHT_CHANGE) : null;
    if (weightChange === "from_now") {
      for (const d of rebaseToPar(snap.config, snap.groups, after))
        await addToStats(tx, key(d.userId), { credit: d.windowCredit });
    }
    await tx.insert(events).values({
      workspaceId,
      type: "queue.updated",
      queueId: queue.id,
      actorUserId,
      data: {
        added,
        removed,
        users: body.users,
        strategy: queue.strategy,
        fairnessWindow: queue.fairnessWindow,
        returnPolicy: queue.returnPolicy,
        handoffFairness: queue.handoffFairness,
        weightChange,
        version: queue.version,
        // What this save changed: the queue's history and a later 412 tell it (lib/queues/queue-changes.ts).
        changes: diffQueueSettings(beforeState, {
          strategy: queue.strategy,
          fairnessWindow: queue.fairnessWindow,
          returnPolicy: queue.returnPolicy,
          handoffFairness: queue.handoffFairness,
          users: body.users.map((u) => ({
            userId: u.userId,
            weight: u.weight,
            capPerDay: u.capPerDay ?? null,
            capPerWeek: u.capPerWeek ?? null,
          })),
        }),
      },
    });
    await emitQueueUpdated(tx, {
      workspaceId,
      queue,
      reason: "members, weights or settings changed",
      actorUserId,
      changes: { added, removed },
    });
    return queue.id;
  });
  return getQueueDetail(db, workspaceId, queueId);
}
