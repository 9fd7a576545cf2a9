import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody, parseQuery } from "@/lib/http/parse";
import { exceptionCreateBody, exceptionListQuery } from "@/lib/api/schemas/exceptions";
import { createException, listExceptions } from "@/lib/people/manage-availability-exceptions";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertOwnUser } from "@/lib/auth/api-auth";

/** For the user named in x-meetergo-api-user-id. */
export const POST = apiRoute("POST /v4/availability-exception/user", async (ctx, req) => {
  const body = await parseBody(req, exceptionCreateBody);
  return created(await createException(ctx.db, ctx.workspaceId, ctx.actor.id, body, { actorUserId: ctx.actor.id }));
});

export const GET = apiRoute("GET /v4/availability-exception/user", async (ctx, req) => {
  const { userId } = parseQuery(req, exceptionListQuery);
  assertOwnUser(ctx, [userId]);
  return listExceptions(ctx.db, ctx.workspaceId, userId ?? ctx.actor.id);
});

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
