import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = apiRoute<{ id: string }>("POST /v4/booking/[id]/cancel", async (ctx, _req, params) =>
  cancelBooking(ctx.db, ctx.workspaceId, ctx.actor.id, parseParams(params, idParams).id),
);

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
