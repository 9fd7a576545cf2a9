import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody, parseQuery } from "@/lib/http/parse";
import { bookingCreateBody, bookingListQuery } from "@/lib/api/schemas/bookings";
import { idempotencyOf } from "@/lib/http/idempotency";
import { createBooking } from "@/lib/bookings/create-booking";
import { listBookings } from "@/lib/bookings/list-bookings";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { assertOwnUser, ownUserIdOnly } from "@/lib/auth/api-auth";

export const POST = apiRoute(
  "POST /v4/booking",
  async (ctx, req) => {
    const body = await parseBody(req, bookingCreateBody);
    assertOwnUser(ctx, body.hostIds ?? []);
    const { booking, replayed } = await createBooking(ctx, body, idempotencyOf(req, body));
    return replayed ? Response.json(booking, { headers: { "idempotent-replayed": "true" } }) : created(booking);
  },
  // A flood of bookings is shed before authentication: beyond this many in progress here, 503 busy at once.
  { pool: "bookings", maxInFlight: Number(process.env.BATON_BOOKINGS_IN_FLIGHT ?? 64) },
);

export const GET = apiRoute("GET /v4/booking", async (ctx, req) => {
  const query = parseQuery(req, bookingListQuery);
  assertOwnUser(ctx, [query.hostId]);
  return listBookings(ctx.db, ctx.workspaceId, { ...query, hostId: ownUserIdOnly(ctx) ?? query.hostId });
});

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
