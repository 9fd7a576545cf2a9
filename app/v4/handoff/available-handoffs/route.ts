import { apiRoute } from "@/lib/http/api-route";
import { parseQuery } from "@/lib/http/parse";
import { availableHandoffsQuery } from "@/lib/api/schemas/handoff";
import { availableHandoffs } from "@/lib/handoffs/handoff-appointment";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

/** ?appointmentId= — users free for the booking's time (and why the others are not), and queues that could take it. */
export const GET = apiRoute("GET /v4/handoff/available-handoffs", async (ctx, req) =>
  availableHandoffs(ctx, parseQuery(req, availableHandoffsQuery)),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
