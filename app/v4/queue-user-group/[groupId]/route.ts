import { apiRoute } from "@/lib/http/api-route";
import { parseBody, parseParams } from "@/lib/http/parse";
import { groupParams, groupUpdateBody } from "@/lib/api/schemas/groups";
import { deleteGroup, getGroup, updateGroup } from "@/lib/queues/manage-queue-groups";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

type P = { groupId: string };

export const GET = apiRoute<P>("GET /v4/queue-user-group/[groupId]", async (ctx, _req, params) => {
  const { groupId } = parseParams(params, groupParams);
  return getGroup(ctx.db, ctx.workspaceId, groupId);
});

export const PATCH = apiRoute<P>("PATCH /v4/queue-user-group/[groupId]", async (ctx, req, params) => {
  const { groupId } = parseParams(params, groupParams);
  const body = await parseBody(req, groupUpdateBody);
  return updateGroup(ctx.db, ctx.workspaceId, ctx.actor.id, groupId, body);
});

export const DELETE = apiRoute<P>("DELETE /v4/queue-user-group/[groupId]", async (ctx, _req, params) => {
  const { groupId } = parseParams(params, groupParams);
  return deleteGroup(ctx.db, ctx.workspaceId, ctx.actor.id, groupId);
});

export const { POST, PUT } = methodNotAllowed(["GET", "PATCH", "DELETE"]);
