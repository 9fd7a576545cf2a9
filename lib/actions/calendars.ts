"use server";
/**
 * Calendars from the dashboard: the same use cases and schemas as /v4/calendar. Anyone signed in may
 * manage their own calendars; managers also anyone else's in the workspace (as on the API).
 */
import { z } from "zod";
import { isManager, type Viewer } from "@/lib/auth/session";
import { forbidden } from "@/lib/errors";
import { runAction } from "@/lib/http/action";
import * as v from "@/lib/validation";
import { calendarConnectBody } from "@/lib/api/schemas/calendars";
import { calendarOwner, connectCalendar, disconnectCalendar, refreshCalendar } from "@/lib/calendars/manage-calendars";

function assertMayActFor(viewer: Viewer, userId: string) {
  if (userId !== viewer.user.id && !isManager(viewer.role)) throw forbidden("You can only change your own calendar");
}

export async function connectCalendarAction(input: z.input<typeof calendarConnectBody>) {
  return runAction(undefined, calendarConnectBody, input, async (viewer, { userId, ...rest }) => {
    const who = userId ?? viewer.user.id;
    assertMayActFor(viewer, who);
    const view = await connectCalendar({ db: viewer.db, workspaceId: viewer.workspaceId, userId: who, input: rest });
    // The first sync right away, so the page shows busy time and any problem at once.
    const r = await refreshCalendar(viewer.db, viewer.workspaceId, view.id);
    return r.calendar;
  });
}

const ref = z.object({ id: v.uuid });

export async function refreshCalendarAction(input: z.input<typeof ref>) {
  return runAction(undefined, ref, input, async (viewer, { id }) => {
    assertMayActFor(viewer, await calendarOwner(viewer.db, viewer.workspaceId, id));
    return refreshCalendar(viewer.db, viewer.workspaceId, id);
  });
}

export async function disconnectCalendarAction(input: z.input<typeof ref>) {
  return runAction(undefined, ref, input, async (viewer, { id }) => {
    assertMayActFor(viewer, await calendarOwner(viewer.db, viewer.workspaceId, id));
    await disconnectCalendar(viewer.db, viewer.workspaceId, id);
    return { id };
  });
}
