import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody, parseQuery } from "@/lib/http/parse";
import { exceptionCreateBody, exceptionListQuery } from "@/lib/api/schemas/exceptions";
import { createException, listExceptions } from "@/lib/people/manage-availability-exceptions";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

/** For the user named in x-meetergo-api-user-id. */
export const POST = apiRoute(async (ctx, req) => {
  const body = await parseBody(req, exceptionCreateBody);
  return created(await createException(ctx.db, ctx.workspaceId, ctx.actor.id, body));
});

export const GET = apiRoute(async (ctx, req) => {
  const { userId } = parseQuery(req, exceptionListQuery);
  return listExceptions(ctx.db, ctx.workspaceId, userId ?? ctx.actor.id);
});

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
