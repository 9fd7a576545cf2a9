import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody, parseQuery } from "@/lib/http/parse";
import { groupCreateBody, groupListQuery } from "@/lib/api/schemas/groups";
import { createGroup, listGroups } from "@/lib/queues/manage-queue-groups";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = apiRoute("POST /v4/queue-user-group", async (ctx, req) => {
  const body = await parseBody(req, groupCreateBody);
  return created(await createGroup(ctx.db, ctx.workspaceId, ctx.actor.id, body));
});

export const GET = apiRoute("GET /v4/queue-user-group", async (ctx, req) => {
  const { queueId } = parseQuery(req, groupListQuery);
  return listGroups(ctx.db, ctx.workspaceId, queueId);
});

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
