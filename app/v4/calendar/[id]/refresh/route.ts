import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertOwnUser } from "@/lib/auth/api-auth";
import { idParams } from "@/lib/api/schemas/common";
import { calendarOwner, refreshCalendar } from "@/lib/calendars/manage-calendars";

type P = { id: string };

export const POST = apiRoute<P>("POST /v4/calendar/[id]/refresh", async (ctx, _req, params) => {
  const { id } = parseParams(params, idParams);
  assertOwnUser(ctx, [await calendarOwner(ctx.db, ctx.workspaceId, id)]);
  return refreshCalendar(ctx.db, ctx.workspaceId, id);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
