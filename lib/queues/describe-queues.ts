/** Queues as the API shows them: members with names and caps, groups with their users. */
import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queueGroupMembers, queueGroups, queueMembers, queues, users, type Queue } from "@/db/schema";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import { notFound } from "@/lib/errors";
import type { QueueResponse } from "@/lib/api/schemas/queues";

export async function describeQueues(db: DbOrTx, list: Queue[]): Promise<QueueResponse[]> {
  if (list.length === 0) return [];
  const ids = list.map((q) => q.id);
  const [memberRows, groupRows, gmRows] = await Promise.all([
    db
      .select({ m: queueMembers, name: users.name, email: users.email })
      .from(queueMembers)
      .innerJoin(users, eq(users.id, queueMembers.userId))
      .where(inArray(queueMembers.queueId, ids))
      .orderBy(asc(queueMembers.position), asc(users.name)),
    db
      .select()
      .from(queueGroups)
      .where(inArray(queueGroups.queueId, ids))
      .orderBy(asc(queueGroups.priority), asc(queueGroups.name)),
    db
      .select({ groupId: queueGroupMembers.groupId, userId: queueGroupMembers.userId, queueId: queueGroups.queueId })
      .from(queueGroupMembers)
      .innerJoin(queueGroups, eq(queueGroups.id, queueGroupMembers.groupId))
      .where(inArray(queueGroups.queueId, ids)),
  ]);
  return list.map((q) => ({
    id: q.id,
    workspaceId: q.workspaceId,
    meetingTypeId: q.meetingTypeId,
    name: q.name,
    strategy: q.strategy,
    fairnessWindow: q.fairnessWindow,
    returnPolicy: q.returnPolicy,
    users: memberRows
      .filter((r) => r.m.queueId === q.id)
      .map(({ m, name, email }) => ({
        userId: m.userId,
        name,
        email,
        weight: m.weight,
        paused: m.weight === 0,
        capPerDay: m.capPerDay,
        capPerWeek: m.capPerWeek,
        position: m.position,
        lastAssignedAt: m.lastAssignedAt?.toISOString() ?? null,
        groupIds: gmRows.filter((g) => g.queueId === q.id && g.userId === m.userId).map((g) => g.groupId),
      })),
    groups: groupRows
      .filter((g) => g.queueId === q.id)
      .map((g) => ({
        id: g.id,
        name: g.name,
        priority: g.priority,
        userIds: gmRows
          .filter((r) => r.groupId === g.id)
          .map((r) => r.userId)
          .sort(),
      })),
    archivedAt: q.archivedAt?.toISOString() ?? null,
    version: q.version,
    createdAt: q.createdAt.toISOString(),
    updatedAt: q.updatedAt.toISOString(),
  }));
}

export async function getQueueDetail(db: DbOrTx, workspaceId: string, queueId: string): Promise<QueueResponse> {
  const [detail] = await describeQueues(db, [await getWorkspaceQueue(db, workspaceId, queueId)]);
  return detail;
}

/** GET /v4/queue/workspace/:workspaceId — another workspace's id is a 404, like any unknown id. */
export async function listWorkspaceQueues(
  db: DbOrTx,
  workspaceId: string,
  requested: string,
): Promise<QueueResponse[]> {
  if (requested !== workspaceId) throw notFound("Workspace", requested);
  const list = await db
    .select()
    .from(queues)
    .where(eq(queues.workspaceId, workspaceId))
    .orderBy(asc(queues.name), asc(queues.id));
  return describeQueues(db, list);
}
