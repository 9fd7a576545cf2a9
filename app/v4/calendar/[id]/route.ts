import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertOwnUser } from "@/lib/auth/api-auth";
import { idParams } from "@/lib/api/schemas/common";
import { calendarOwner, disconnectCalendar } from "@/lib/calendars/manage-calendars";

type P = { id: string };

export const DELETE = apiRoute<P>("DELETE /v4/calendar/[id]", async (ctx, _req, params) => {
  const { id } = parseParams(params, idParams);
  assertOwnUser(ctx, [await calendarOwner(ctx.db, ctx.workspaceId, id)]);
  await disconnectCalendar(ctx.db, ctx.workspaceId, id);
  return { id, deleted: true as const };
});

export const { GET, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
