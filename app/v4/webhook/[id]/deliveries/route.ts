import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { apiRoute } from "@/lib/http/api-route";
import { parseParams, parseQuery } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { webhookDeliveryListQuery } from "@/lib/api/schemas/webhooks";
import { listDeliveries } from "@/lib/webhooks/deliveries";

export const GET = apiRoute<{ id: string }>("GET /v4/webhook/[id]/deliveries", async (ctx, req, params) => {
  const { id } = parseParams(params, idParams);
  return listDeliveries(ctx.db, ctx.workspaceId, id, parseQuery(req, webhookDeliveryListQuery));
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
