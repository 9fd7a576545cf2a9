"use server";
/** A booking's cancel and single-appointment handoff, through the same services as /v4. Managers only. */
import { z } from "zod";
import { MANAGER_ROLES } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import * as v from "@/lib/validation";
import { availableHandoffsQuery, handoffAppointmentBody, type HandoffAppointmentBody } from "@/lib/api/schemas/handoff";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { availableHandoffs, handoffAppointment } from "@/lib/handoffs/handoff-appointment";

export async function handoffOptionsAction(input: z.input<typeof availableHandoffsQuery>) {
  return runAction(MANAGER_ROLES, availableHandoffsQuery, input, (_viewer, i, ctx) => availableHandoffs(ctx, i));
}

export async function handoffAction(input: HandoffAppointmentBody) {
  return runAction(MANAGER_ROLES, handoffAppointmentBody, input, (_viewer, i, ctx) => handoffAppointment(ctx, i));
}

const bookingRef = z.object({ id: v.uuid });
export async function cancelBookingAction(input: z.input<typeof bookingRef>) {
  return runAction(MANAGER_ROLES, bookingRef, input, (viewer, i) =>
    cancelBooking(viewer.db, viewer.workspaceId, viewer.user.id, i.id),
  );
}
