import { apiRoute } from "@/lib/http/api-route";
import { parseBody, parseParams } from "@/lib/http/parse";
import { userParams, userUpdateBody } from "@/lib/api/schemas/people";
import { getWorkspaceUser, publicUser, updateUser } from "@/lib/people/manage-users";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertOwnUser } from "@/lib/auth/api-auth";

type P = { userId: string };

export const GET = apiRoute<P>("GET /v4/user/[userId]", async (ctx, _req, params) => {
  const { userId } = parseParams(params, userParams);
  assertOwnUser(ctx, [userId]);
  return publicUser(await getWorkspaceUser(ctx.db, ctx.workspaceId, userId));
});

export const PATCH = apiRoute<P>("PATCH /v4/user/[userId]", async (ctx, req, params) => {
  const { userId } = parseParams(params, userParams);
  const body = await parseBody(req, userUpdateBody);
  return updateUser(ctx.db, ctx.workspaceId, userId, body, { actorUserId: ctx.actor.id });
});

export const { POST, PUT, DELETE } = methodNotAllowed(["GET", "PATCH"]);
