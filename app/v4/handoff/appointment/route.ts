import { apiRoute } from "@/lib/http/api-route";
import { parseBody } from "@/lib/http/parse";
import { handoffAppointmentBody } from "@/lib/api/schemas/handoff";
import { handoffAppointment } from "@/lib/handoffs/handoff-appointment";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

/** Move one confirmed booking to targetUserId, or to the host targetQueueId's routing picks. */
export const POST = apiRoute("POST /v4/handoff/appointment", async (ctx, req) =>
  handoffAppointment(ctx, await parseBody(req, handoffAppointmentBody)),
);

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
