import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { getBookingDetail } from "@/lib/bookings/present-bookings";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { ownUserIdOnly } from "@/lib/auth/api-auth";
import { notFound } from "@/lib/errors";

export const GET = apiRoute<{ id: string }>("GET /v4/booking/[id]", async (ctx, _req, params) => {
  const { id } = parseParams(params, idParams);
  const booking = await getBookingDetail(ctx.db, ctx.workspaceId, id);
  // A rep sees their own bookings only; anyone else's is as unknown as another workspace's.
  const own = ownUserIdOnly(ctx);
  if (own && booking.hostId !== own) throw notFound("Booking", id);
  return booking;
});

/** Same as POST /v4/booking/:id/cancel. */
export const DELETE = apiRoute<{ id: string }>("DELETE /v4/booking/[id]", async (ctx, _req, params) =>
  cancelBooking(ctx.db, ctx.workspaceId, ctx.actor.id, parseParams(params, idParams).id),
);

export const { POST, PUT, PATCH } = methodNotAllowed(["GET", "DELETE"]);
