"use server";
/**
 * Queue actions for the dashboard. Every one runs through runAction with MANAGER_ROLES, so a
 * rep's call is refused on the server whatever the page shows. They call the same services as
 * the /v4 API.
 */
import { z } from "zod";
import { MANAGER_ROLES } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import * as v from "@/lib/validation";
import { queueUpdateBody } from "@/lib/api/schemas/queues";
import { groupCreateBody, groupUpdateBody } from "@/lib/api/schemas/groups";
import { getQueueDetail } from "@/lib/queues/describe-queues";
import { getWorkspaceQueue } from "@/lib/queues/get-queue";
import { updateQueueMembers } from "@/lib/queues/update-queue-members";
import { nextHosts } from "@/lib/queues/get-next-hosts";
import { parseDay, wallClock } from "@/lib/slots/calendar";
import { createGroup, deleteGroup, listGroups, moveGroupMember, updateGroup } from "@/lib/queues/manage-queue-groups";
import { queueBookingSeries, queueDistribution } from "@/lib/dashboard/get-queue-distribution";
import { previewInput, previewQueue } from "@/lib/dashboard/preview-queue";
import { previewWeightChange, weightChangePreviewInput } from "@/lib/dashboard/preview-weight-change";
import { queueHistory } from "@/lib/queues/get-queue-history";
import { meetingTypeCreateBody } from "@/lib/api/schemas/people";
import { addMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { setQueueArchived } from "@/lib/queues/archive-queue";
import { checkQueueCoverage } from "@/lib/queues/check-queue-coverage";
import { etagOf } from "@/lib/queues/queue-version";

const queueRef = z.object({ queueId: v.uuid });

export async function getQueueAction(input: z.input<typeof queueRef>) {
  return runAction(MANAGER_ROLES, queueRef, input, (viewer, i) =>
    getQueueDetail(viewer.db, viewer.workspaceId, i.queueId),
  );
}

const saveQueueInput = z.object({ queueId: v.uuid, settings: queueUpdateBody });
const saveQueueVersioned = saveQueueInput.extend({
  /** The version the editor started from; the save is refused (precondition_failed) when the queue moved on. */
  version: z.number().int().min(1).optional(),
});
/** Weights, caps, strategy and fairness window in one call: the PATCH /v4/queue/meeting-type/:id service. */
export async function saveQueueAction(input: z.input<typeof saveQueueVersioned>) {
  return runAction(MANAGER_ROLES, saveQueueVersioned, input, async (viewer, i, ctx) => {
    const queue = await getWorkspaceQueue(viewer.db, viewer.workspaceId, i.queueId);
    return updateQueueMembers(ctx, queue.meetingTypeId, i.settings, {
      ifMatch: i.version === undefined ? null : etagOf(i.version),
    });
  });
}

const nextInput = queueRef.extend({
  /** A wall-clock time in the workspace's zone ("YYYY-MM-DDTHH:MM", as a datetime-local field gives it); absent = now. */
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "must be a date and a time")
    .optional(),
});
export async function nextHostsAction(input: z.input<typeof nextInput>) {
  return runAction(MANAGER_ROLES, nextInput, input, async (_viewer, i, ctx) => {
    const start = i.at
      ? new Date(
          wallClock(
            parseDay(i.at.slice(0, 10)),
            Number(i.at.slice(11, 13)) * 60 + Number(i.at.slice(14, 16)),
            ctx.timeZone,
          ),
        )
      : undefined;
    return { ...(await nextHosts(ctx, i.queueId, start)), timeZone: ctx.timeZone };
  });
}

export async function distributionAction(input: z.input<typeof queueRef>) {
  return runAction(MANAGER_ROLES, queueRef, input, (_viewer, i, ctx) => queueDistribution(ctx, i.queueId));
}

const seriesInput = queueRef.extend({ granularity: z.enum(["day", "week"]) });
export async function seriesAction(input: z.input<typeof seriesInput>) {
  return runAction(MANAGER_ROLES, seriesInput, input, (_viewer, i, ctx) =>
    queueBookingSeries(ctx, i.queueId, i.granularity),
  );
}

/** Who changed the queue's settings and groups, and when (newest first). */
export async function queueHistoryAction(input: z.input<typeof queueRef>) {
  return runAction(MANAGER_ROLES, queueRef, input, (_viewer, i, ctx) => queueHistory(ctx, i.queueId));
}

export async function previewAction(input: z.input<typeof previewInput>) {
  return runAction(MANAGER_ROLES, previewInput, input, (_viewer, i, ctx) => previewQueue(ctx, i));
}

/** The save dialog's two choices when weights change: the next bookings from now vs over the whole window. */
export async function previewWeightChangeAction(input: z.input<typeof weightChangePreviewInput>) {
  return runAction(MANAGER_ROLES, weightChangePreviewInput, input, (_viewer, i, ctx) => previewWeightChange(ctx, i));
}

export async function createGroupAction(input: z.input<typeof groupCreateBody>) {
  return runAction(MANAGER_ROLES, groupCreateBody, input, (viewer, i) =>
    createGroup(viewer.db, viewer.workspaceId, viewer.user.id, i),
  );
}

const renameInput = z.object({ groupId: v.uuid, name: groupUpdateBody.shape.name.unwrap() });
export async function renameGroupAction(input: z.input<typeof renameInput>) {
  return runAction(MANAGER_ROLES, renameInput, input, (viewer, i) =>
    updateGroup(viewer.db, viewer.workspaceId, viewer.user.id, i.groupId, { name: i.name }),
  );
}

const groupRef = z.object({ groupId: v.uuid });
export async function deleteGroupAction(input: z.input<typeof groupRef>) {
  return runAction(MANAGER_ROLES, groupRef, input, (viewer, i) =>
    deleteGroup(viewer.db, viewer.workspaceId, viewer.user.id, i.groupId),
  );
}

const reorderInput = z.object({ queueId: v.uuid, groupIds: z.array(v.uuid).min(1).max(100) });
/** Priorities become 1..n in the given order (tier 1 first). */
export async function reorderGroupsAction(input: z.input<typeof reorderInput>) {
  return runAction(MANAGER_ROLES, reorderInput, input, async (viewer, i) => {
    const groups = await listGroups(viewer.db, viewer.workspaceId, i.queueId);
    const byId = new Map(groups.map((g) => [g.id, g]));
    for (const [index, id] of i.groupIds.entries()) {
      const g = byId.get(id);
      if (g && g.priority !== index + 1)
        await updateGroup(viewer.db, viewer.workspaceId, viewer.user.id, id, { priority: index + 1 });
    }
    return listGroups(viewer.db, viewer.workspaceId, i.queueId);
  });
}

const moveInput = z.object({ queueId: v.uuid, userId: v.uuid, toGroupId: v.uuid.nullable() });
/** Puts a member in exactly one group (or none: the last, ungrouped tier). */
export async function moveMemberAction(input: z.input<typeof moveInput>) {
  return runAction(MANAGER_ROLES, moveInput, input, async (viewer, i) => {
    await moveGroupMember(viewer.db, viewer.workspaceId, viewer.user.id, i);
    return getQueueDetail(viewer.db, viewer.workspaceId, i.queueId);
  });
}

export async function createMeetingTypeAction(input: z.input<typeof meetingTypeCreateBody>) {
  return runAction(MANAGER_ROLES, meetingTypeCreateBody, input, async (viewer, i) => {
    const { queue } = await addMeetingType(viewer.db, { ...i, workspaceId: viewer.workspaceId });
    return { queueId: queue.id };
  });
}

const archiveInput = queueRef.extend({ archived: z.boolean() });
export async function archiveQueueAction(input: z.input<typeof archiveInput>) {
  return runAction(MANAGER_ROLES, archiveInput, input, async (viewer, i) => {
    await setQueueArchived(viewer.db, viewer.workspaceId, i.queueId, i.archived, { actorUserId: viewer.user.id });
    return getQueueDetail(viewer.db, viewer.workspaceId, i.queueId);
  });
}

/** Who could still take a booking with these (unsaved) settings: asked before saving. */
export async function checkQueueCoverageAction(input: z.input<typeof saveQueueInput>) {
  return runAction(MANAGER_ROLES, saveQueueInput, input, (viewer, i) =>
    checkQueueCoverage(viewer.db, viewer.workspaceId, i.queueId, i.settings),
  );
}
