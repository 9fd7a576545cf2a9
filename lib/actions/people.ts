"use server";
/**
 * People from the team, person and "My" pages: the same services as /v4. Managers manage everyone;
 * a rep changes only their own hours, overrides and absences (checked here, on the server).
 */
import { z } from "zod";
import { MANAGER_ROLES, isManager, type Viewer } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import { badRequest, forbidden } from "@/lib/errors";
import { HoursSpecError, formatWeeklySpec, parseWeeklySpec } from "@/lib/people/hours-spec";
import * as v from "@/lib/validation";
import { exceptionCreateBody } from "@/lib/api/schemas/exceptions";
import { userCreateBody } from "@/lib/api/schemas/people";
import { createException, deleteException } from "@/lib/people/manage-availability-exceptions";
import { addUser, updateUser, updateUserInput, weeklyHoursInput } from "@/lib/people/manage-users";
import { overridesInput, replaceSchedule, setDefaultWorkingHours } from "@/lib/people/manage-schedules";
import { bookingsDuring, upcomingBookings } from "@/lib/people/upcoming-bookings";

/** Managers act for anyone in the workspace; a rep only for themselves. */
function assertSelfOrManager(viewer: Viewer, userId: string) {
  if (!isManager(viewer.role) && viewer.user.id !== userId)
    throw forbidden("You can change only your own hours and absences");
}

const addInput = exceptionCreateBody.extend({ userId: v.uuid });
export async function addExceptionAction(input: z.input<typeof addInput>) {
  return runAction(undefined, addInput, input, async (viewer, { userId, ...body }) => {
    assertSelfOrManager(viewer, userId);
    const exception = await createException(viewer.db, viewer.workspaceId, userId, body, {
      actorUserId: viewer.user.id,
    });
    // An absence keeps the person's existing bookings: say how many, so they can be handed off.
    const leftBehind = exception.isAvailable
      ? 0
      : await bookingsDuring(viewer.db, {
          workspaceId: viewer.workspaceId,
          userId,
          start: new Date(exception.startsAt),
          end: new Date(exception.endsAt),
        });
    return { exception, leftBehind };
  });
}

const ref = z.object({ id: v.uuid });
export async function deleteExceptionAction(input: z.input<typeof ref>) {
  return runAction(undefined, ref, input, (viewer, i) =>
    deleteException(viewer.db, viewer.workspaceId, i.id, {
      actorUserId: viewer.user.id,
      onlyUserId: isManager(viewer.role) ? null : viewer.user.id,
    }),
  );
}

export async function addPersonAction(input: z.input<typeof userCreateBody>) {
  return runAction(MANAGER_ROLES, userCreateBody, input, (viewer, i) =>
    addUser(viewer.db, { ...i, workspaceId: viewer.workspaceId }),
  );
}

const updateInput = updateUserInput.extend({ userId: v.uuid });
/**
 * Name, role, zone or active. Deactivating answers how many confirmed bookings the person still has
 * from now on, so the page can offer them to the coverage wizard.
 */
export async function updatePersonAction(input: z.input<typeof updateInput>) {
  return runAction(MANAGER_ROLES, updateInput, input, async (viewer, { userId, ...patch }) => {
    const user = await updateUser(viewer.db, viewer.workspaceId, userId, patch, { actorUserId: viewer.user.id });
    const upcoming = await upcomingBookings(viewer.db, viewer.workspaceId, userId);
    return { user, upcoming: { count: upcoming.count, lastStartsAt: upcoming.lastStartsAt?.toISOString() ?? null } };
  });
}

const scheduleInput = z.object({ userId: v.uuid, weekly: weeklyHoursInput, overrides: overridesInput });
export async function saveScheduleAction(input: z.input<typeof scheduleInput>) {
  return runAction(undefined, scheduleInput, input, (viewer, { userId, ...body }) => {
    assertSelfOrManager(viewer, userId);
    return replaceSchedule(viewer.db, viewer.workspaceId, userId, body);
  });
}

const defaultsInput = z.object({ spec: z.string().trim().min(1, "is required").max(500) });
/** The workspace's default hours, written as "mon-fri 09:00-17:00; sat 10:00-14:00" (people added from now on). */
export async function saveDefaultHoursAction(input: z.input<typeof defaultsInput>) {
  return runAction(MANAGER_ROLES, defaultsInput, input, async (viewer, i) => {
    let weekly;
    try {
      weekly = weeklyHoursInput.parse(parseWeeklySpec(i.spec));
    } catch (e) {
      const message = e instanceof HoursSpecError ? e.message : e instanceof z.ZodError ? e.issues[0].message : null;
      if (message === null) throw e;
      throw badRequest(message, [{ path: "spec", message }]);
    }
    return formatWeeklySpec(await setDefaultWorkingHours(viewer.db, viewer.workspaceId, weekly));
  });
}
