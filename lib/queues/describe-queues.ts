/** Queues as the API shows them: members with names, caps and covered bookings, groups with their users. */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  queueGroupMembers,
  queueGroups,
  queueMembers,
  queueMemberStats,
  queues,
  users,
  workspaces,
  type Queue,
} from "@/db/schema";
import { windowKey } from "@/lib/routing";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import { notFound } from "@/lib/errors";
import type { QueueResponse } from "@/lib/api/schemas/queues";

export async function describeQueues(db: DbOrTx, list: Queue[], now = Date.now()): Promise<QueueResponse[]> {
  if (list.length === 0) return [];
  const ids = list.map((q) => q.id);
  // `covered` is this window's: the window key needs the workspace's zone.
  const zones = await db
    .select({ id: workspaces.id, timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(inArray(workspaces.id, [...new Set(list.map((q) => q.workspaceId))]));
  const zoneOf = new Map(zones.map((z) => [z.id, z.timeZone]));
  const keyOf = new Map(list.map((q) => [q.id, windowKey(q.fairnessWindow, now, zoneOf.get(q.workspaceId) ?? "UTC")]));
  const [memberRows, groupRows, gmRows, coveredRows] = await Promise.all([
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
    db
      .select({
        queueId: queueMemberStats.queueId,
        userId: queueMemberStats.userId,
        windowKey: queueMemberStats.windowKey,
        covered: queueMemberStats.covered,
      })
      .from(queueMemberStats)
      .where(
        and(inArray(queueMemberStats.queueId, ids), inArray(queueMemberStats.windowKey, [...new Set(keyOf.values())])),
      ),
  ]);
  const coveredOf = new Map(
    coveredRows.filter((r) => r.windowKey === keyOf.get(r.queueId)).map((r) => [`${r.queueId}:${r.userId}`, r.covered]),
  );
  return list.map((q) => ({
    id: q.id,
    workspaceId: q.workspaceId,
    meetingTypeId: q.meetingTypeId,
    name: q.name,
    strategy: q.strategy,
    fairnessWindow: q.fairnessWindow,
    returnPolicy: q.returnPolicy,
    handoffFairness: q.handoffFairness,
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
        covered: coveredOf.get(`${q.id}:${m.userId}`) ?? 0,
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
