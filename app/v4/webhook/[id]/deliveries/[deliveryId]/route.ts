import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { webhookDeliveryParams } from "@/lib/api/schemas/webhooks";
import { getDelivery } from "@/lib/webhooks/deliveries";

export const GET = apiRoute<{ id: string; deliveryId: string }>(
  "GET /v4/webhook/[id]/deliveries/[deliveryId]",
  async (ctx, _req, params) => {
    const { id, deliveryId } = parseParams(params, webhookDeliveryParams);
    return getDelivery(ctx.db, ctx.workspaceId, id, deliveryId);
  },
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
