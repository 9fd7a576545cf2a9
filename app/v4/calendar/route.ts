import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody, parseQuery } from "@/lib/http/parse";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertOwnUser } from "@/lib/auth/api-auth";
import { calendarConnectBody, calendarListQuery } from "@/lib/api/schemas/calendars";
import { connectCalendar, listCalendarConnections } from "@/lib/calendars/manage-calendars";

/** A person's connected calendars (default: the acting user's). Reps: only their own. */
export const GET = apiRoute("GET /v4/calendar", async (ctx, req) => {
  const { userId } = parseQuery(req, calendarListQuery);
  assertOwnUser(ctx, [userId]);
  return { calendars: await listCalendarConnections(ctx.db, ctx.workspaceId, userId ?? ctx.actor.id) };
});

export const POST = apiRoute("POST /v4/calendar", async (ctx, req) => {
  const { userId, ...input } = await parseBody(req, calendarConnectBody);
  assertOwnUser(ctx, [userId]);
  return created(
    await connectCalendar({ db: ctx.db, workspaceId: ctx.workspaceId, userId: userId ?? ctx.actor.id, input }),
  );
});

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
