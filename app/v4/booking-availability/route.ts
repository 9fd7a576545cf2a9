import { apiRoute } from "@/lib/http/api-route";
import { parseQuery } from "@/lib/http/parse";
import { streamJson } from "@/lib/http/stream-json";
import { availabilityQuery } from "@/lib/api/schemas/availability";
import { bookingAvailability } from "@/lib/bookings/get-booking-availability";

export const GET = apiRoute(async (ctx, req) =>
  streamJson(await bookingAvailability(ctx.db, ctx.workspaceId, parseQuery(req, availabilityQuery)), "availableSlots"),
);
