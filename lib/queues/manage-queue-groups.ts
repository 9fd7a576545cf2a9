/** Queue user groups (tiers): /v4/queue-user-group. Members must belong to the group's queue. */
import { transact } from "@/db/transaction";
import { z } from "zod";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { events, queueGroupMembers, queueGroups, queues, type QueueGroup } from "@/db/schema";
import { conflict, notFound, unprocessable } from "@/lib/errors";
import type { GroupCreateBody, GroupResponse, GroupUpdateBody } from "@/lib/api/schemas/groups";
import { getWorkspaceQueue, queueMemberIds } from "@/lib/queues/get-queue";
import { emitQueueUpdated } from "@/lib/webhooks/emit-domain-events";
import { withTierCalibration } from "@/lib/queues/calibrate-tier-moves";
import { bumpQueueVersion } from "@/lib/queues/queue-version";
import type { QueueChange } from "@/lib/queues/queue-changes";

async function getWorkspaceGroup(db: DbOrTx, workspaceId: string, groupId: string): Promise<QueueGroup> {
  const [row] = await db
    .select({ g: queueGroups })
    .from(queueGroups)
    .innerJoin(queues, eq(queues.id, queueGroups.queueId))
    .where(and(eq(queueGroups.id, groupId), eq(queues.workspaceId, workspaceId)));
  if (!row) throw notFound("Queue user group", groupId);
  return row.g;
}

async function describe(db: DbOrTx, groups: QueueGroup[]): Promise<GroupResponse[]> {
  if (!groups.length) return [];
  const members = await db
    .select()
    .from(queueGroupMembers)
    .where(
      inArray(
        queueGroupMembers.groupId,
        groups.map((g) => g.id),
      ),
    );
  return groups.map((g) => ({
    id: g.id,
    queueId: g.queueId,
    name: g.name,
    priority: g.priority,
    userIds: members
      .filter((m) => m.groupId === g.id)
      .map((m) => m.userId)
      .sort(),
    createdAt: g.createdAt.toISOString(),
  }));
}

async function assertMembers(db: DbOrTx, queueId: string, userIds: string[]) {
  const members = await queueMemberIds(db, queueId);
  const strangers = userIds.filter((id) => !members.has(id));
  if (strangers.length)
    throw unprocessable("Every user of a group must be a member of its queue", { userIds: strangers });
}

/** Two groups of one queue never share a name (compared without case): the board and tiers would be ambiguous. */
async function assertNameFree(tx: DbOrTx, queueId: string, name: string, exceptGroupId?: string) {
  const [taken] = await tx
    .select({ id: queueGroups.id })
    .from(queueGroups)
    .where(
      and(
        eq(queueGroups.queueId, queueId),
        sql`lower(${queueGroups.name}) = lower(${name})`,
        exceptGroupId ? ne(queueGroups.id, exceptGroupId) : undefined,
      ),
    )
    .limit(1);
  if (taken)
    throw conflict(`This queue already has a group named "${name}"`, [
      { path: "name", message: "is already used by another group of this queue" },
    ]);
}

async function queueRow(tx: DbOrTx, queueId: string) {
  const [q] = await tx.select().from(queues).where(eq(queues.id, queueId));
  return q;
}

async function setMembers(db: DbOrTx, groupId: string, userIds: string[]) {
  await db.delete(queueGroupMembers).where(eq(queueGroupMembers.groupId, groupId));
  if (userIds.length) await db.insert(queueGroupMembers).values(userIds.map((userId) => ({ groupId, userId })));
}

export async function createGroup(
  db: Db,
  workspaceId: string,
  actorUserId: string,
  body: GroupCreateBody,
): Promise<GroupResponse> {
  await getWorkspaceQueue(db, workspaceId, body.queueId);
  const group = await transact(db, async (tx) => {
    await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, body.queueId)).for("no key update");
    await assertMembers(tx, body.queueId, body.userIds);
    await assertNameFree(tx, body.queueId, body.name);
    const { result: g, moves } = await withTierCalibration(tx, body.queueId, async () => {
      const [created] = await tx
        .insert(queueGroups)
        .values({ queueId: body.queueId, name: body.name, priority: body.priority })
        .returning();
      await setMembers(tx, created.id, body.userIds);
      return created;
    });
    const changes: QueueChange[] = [
      { field: "groups", change: "created", groupName: body.name, priority: body.priority, userIds: body.userIds },
    ];
    await tx.insert(events).values({
      workspaceId,
      type: "queue_group.created",
      queueId: body.queueId,
      actorUserId,
      data: {
        groupId: g.id,
        ...body,
        ...(moves.length ? { tierMoves: moves } : {}),
        version: await bumpQueueVersion(tx, body.queueId),
        changes,
      },
    });
    await emitQueueUpdated(tx, {
      workspaceId,
      queue: await queueRow(tx, body.queueId),
      reason: "priority group created",
      actorUserId,
      changes: { groupId: g.id },
    });
    return g;
  });
  return (await describe(db, [group]))[0];
}

export async function updateGroup(
  db: Db,
  workspaceId: string,
  actorUserId: string,
  groupId: string,
  body: GroupUpdateBody,
): Promise<GroupResponse> {
  const existing = await getWorkspaceGroup(db, workspaceId, groupId);
  const group = await transact(db, async (tx) => {
    await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, existing.queueId)).for("no key update");
    if (body.userIds) await assertMembers(tx, existing.queueId, body.userIds);
    if (body.name !== undefined) await assertNameFree(tx, existing.queueId, body.name, groupId);
    // Read under the queue lock, so `before` is what this update replaced.
    const [was] = await describe(tx, await tx.select().from(queueGroups).where(eq(queueGroups.id, groupId)));
    const { result: g, moves } = await withTierCalibration(tx, existing.queueId, async () => {
      const [updated] =
        body.name !== undefined || body.priority !== undefined
          ? await tx
              .update(queueGroups)
              .set({ name: body.name, priority: body.priority })
              .where(eq(queueGroups.id, groupId))
              .returning()
          : [existing];
      if (body.userIds) await setMembers(tx, groupId, body.userIds);
      return updated;
    });
    const groupName = body.name ?? existing.name;
    const changes: QueueChange[] = [];
    if (body.name !== undefined && body.name !== existing.name)
      changes.push({ field: "groups", change: "renamed", groupName, from: existing.name });
    if (body.priority !== undefined && body.priority !== existing.priority)
      changes.push({ field: "groups", change: "priority", groupName, from: existing.priority, to: body.priority });
    if (body.userIds) {
      const before = was?.userIds ?? [];
      const added = body.userIds.filter((u) => !before.includes(u));
      const removed = before.filter((u) => !body.userIds!.includes(u));
      if (added.length || removed.length)
        changes.push({ field: "groups", change: "members", groupName, added, removed });
    }
    await tx.insert(events).values({
      workspaceId,
      type: "queue_group.updated",
      queueId: existing.queueId,
      actorUserId,
      data: {
        groupId,
        ...body,
        ...(moves.length ? { tierMoves: moves } : {}),
        version: await bumpQueueVersion(tx, existing.queueId),
        changes,
      },
    });
    await emitQueueUpdated(tx, {
      workspaceId,
      queue: await queueRow(tx, existing.queueId),
      reason: "priority group updated",
      actorUserId,
      changes: { groupId: groupId },
    });
    return g;
  });
  return (await describe(db, [group]))[0];
}

export async function getGroup(db: DbOrTx, workspaceId: string, groupId: string): Promise<GroupResponse> {
  return (await describe(db, [await getWorkspaceGroup(db, workspaceId, groupId)]))[0];
}

export async function listGroups(db: DbOrTx, workspaceId: string, queueId?: string): Promise<GroupResponse[]> {
  if (queueId) await getWorkspaceQueue(db, workspaceId, queueId);
  const rows = await db
    .select({ g: queueGroups })
    .from(queueGroups)
    .innerJoin(queues, eq(queues.id, queueGroups.queueId))
    .where(and(eq(queues.workspaceId, workspaceId), queueId ? eq(queueGroups.queueId, queueId) : undefined))
    .orderBy(asc(queueGroups.priority), asc(queueGroups.name), asc(queueGroups.id));
  return describe(
    db,
    rows.map((r) => r.g),
  );
}

export async function deleteGroup(db: Db, workspaceId: string, actorUserId: string, groupId: string) {
  const g = await getWorkspaceGroup(db, workspaceId, groupId);
  await transact(db, async (tx) => {
    await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, g.queueId)).for("no key update");
    const [was] = await describe(tx, [g]);
    const { moves } = await withTierCalibration(tx, g.queueId, () =>
      tx.delete(queueGroups).where(eq(queueGroups.id, groupId)),
    );
    await tx.insert(events).values({
      workspaceId,
      type: "queue_group.deleted",
      queueId: g.queueId,
      actorUserId,
      data: {
        groupId,
        name: g.name,
        priority: g.priority,
        userIds: was.userIds,
        ...(moves.length ? { tierMoves: moves } : {}),
        version: await bumpQueueVersion(tx, g.queueId),
        changes: [{ field: "groups", change: "deleted", groupName: g.name }] satisfies QueueChange[],
      },
    });
    await emitQueueUpdated(tx, {
      workspaceId,
      queue: await queueRow(tx, g.queueId),
      reason: "priority group deleted",
      actorUserId,
      changes: { groupId: groupId },
    });
  });
  return { id: groupId, deleted: true as const };
}

export interface MoveGroupMemberInput {
  queueId: string;
  userId: string;
  /** null: out of every group, into the last (ungrouped) tier. */
  toGroupId: string | null;
}

/**
 * Puts one member in exactly one group of its queue (or none), in ONE transaction under the queue
 * lock, so a concurrent move never sees the member in two groups or none midway. Each changed group
 * gets the same queue_group.updated event a PATCH of its userIds writes. A member landing in another
 * tier follows the return policy (withTierCalibration), as with every group edit.
 */
export async function moveGroupMember(
  db: Db,
  workspaceId: string,
  actorUserId: string,
  input: MoveGroupMemberInput,
): Promise<void> {
  await getWorkspaceQueue(db, workspaceId, input.queueId);
  await transact(db, async (tx) => {
    await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, input.queueId)).for("no key update");
    const groups = await describe(
      tx,
      await tx.select().from(queueGroups).where(eq(queueGroups.queueId, input.queueId)),
    );
    if (input.toGroupId && !groups.some((g) => g.id === input.toGroupId))
      throw new z.ZodError([
        { code: "custom", path: ["toGroupId"], message: "is not a group of this queue", input: input.toGroupId },
      ]);
    const changed: Array<{ groupId: string; name: string; userIds: string[]; before: string[] }> = [];
    const { moves } = await withTierCalibration(tx, input.queueId, async () => {
      for (const g of groups) {
        const has = g.userIds.includes(input.userId);
        const wants = g.id === input.toGroupId;
        if (has === wants) continue;
        const userIds = wants ? [...g.userIds, input.userId] : g.userIds.filter((u) => u !== input.userId);
        await assertMembers(tx, input.queueId, userIds);
        await setMembers(tx, g.id, userIds);
        changed.push({ groupId: g.id, name: g.name, userIds, before: g.userIds });
      }
    });
    // One move is one change of the queue, whatever number of groups it touches.
    const version = changed.length ? await bumpQueueVersion(tx, input.queueId) : undefined;
    for (const c of changed) {
      await tx.insert(events).values({
        workspaceId,
        type: "queue_group.updated",
        queueId: input.queueId,
        actorUserId,
        data: {
          groupId: c.groupId,
          userIds: c.userIds,
          ...(moves.length ? { tierMoves: moves } : {}),
          version,
          changes: [
            {
              field: "groups",
              change: "members",
              groupName: c.name,
              added: c.userIds.filter((u) => !c.before.includes(u)),
              removed: c.before.filter((u) => !c.userIds.includes(u)),
            },
          ] satisfies QueueChange[],
        },
      });
    }
    if (changed.length) {
      await emitQueueUpdated(tx, {
        workspaceId,
        queue: await queueRow(tx, input.queueId),
        reason: "priority group members changed",
        actorUserId,
        changes: { groupIds: changed.map((c) => c.groupId), userId: input.userId },
      });
    }
  });
}
