import { apiRoute } from "@/lib/http/api-route";
import { parseBody, parseParams } from "@/lib/http/parse";
import { scheduleReplaceBody, userParams } from "@/lib/api/schemas/people";
import { getSchedule, replaceSchedule } from "@/lib/people/manage-schedules";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertOwnUser } from "@/lib/auth/api-auth";

type P = { userId: string };

/** Reps read and replace only their own schedule (403 for anyone else's), as on their own page. */
export const GET = apiRoute<P>("GET /v4/user/[userId]/working-hours", async (ctx, _req, params) => {
  const { userId } = parseParams(params, userParams);
  assertOwnUser(ctx, [userId]);
  return getSchedule(ctx.db, ctx.workspaceId, userId);
});

export const PUT = apiRoute<P>("PUT /v4/user/[userId]/working-hours", async (ctx, req, params) => {
  const { userId } = parseParams(params, userParams);
  assertOwnUser(ctx, [userId]);
  const body = await parseBody(req, scheduleReplaceBody);
  return replaceSchedule(ctx.db, ctx.workspaceId, userId, body);
});

export const { POST, PATCH, DELETE } = methodNotAllowed(["GET", "PUT"]);
