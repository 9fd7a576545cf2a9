import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { getBookingDetail } from "@/lib/bookings/present-bookings";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ id: string }>(async (ctx, _req, params) =>
  getBookingDetail(ctx.db, ctx.workspaceId, parseParams(params, idParams).id),
);

/** Same as POST /v4/booking/:id/cancel. */
export const DELETE = apiRoute<{ id: string }>(async (ctx, _req, params) =>
  cancelBooking(ctx.db, ctx.workspaceId, ctx.actor.id, parseParams(params, idParams).id),
);

export const { POST, PUT, PATCH } = methodNotAllowed(["GET", "DELETE"]);
