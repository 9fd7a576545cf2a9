import { apiRoute } from "@/lib/http/api-route";
import { parseBody } from "@/lib/http/parse";
import { bulkHandoffBody } from "@/lib/api/schemas/handoff";
import { bulkHandoff } from "@/lib/handoffs/bulk-handoff";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

/** Hand off every appointment of fromUserIds between startDate and endDate (acting user's time zone). */
export const POST = apiRoute("POST /v4/handoff/bulk", async (ctx, req) =>
  bulkHandoff(ctx, await parseBody(req, bulkHandoffBody)),
);

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
