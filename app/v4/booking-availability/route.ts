import { apiRoute } from "@/lib/http/api-route";
import { parseQuery } from "@/lib/http/parse";
import { streamJson } from "@/lib/http/stream-json";
import { availabilityQuery } from "@/lib/api/schemas/availability";
import { bookingAvailability } from "@/lib/bookings/get-booking-availability";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute("GET /v4/booking-availability", async (ctx, req) =>
  streamJson(await bookingAvailability(ctx, parseQuery(req, availabilityQuery)), "availableSlots"),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
