import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { requireApiManager } from "@/lib/auth/api-auth";
import { webhookDeliveryParams } from "@/lib/api/schemas/webhooks";
import { getDelivery } from "@/lib/webhooks/deliveries";

export const GET = apiRoute<{ id: string; deliveryId: string }>(async (ctx, _req, params) => {
  requireApiManager(ctx);
  const { id, deliveryId } = parseParams(params, webhookDeliveryParams);
  return getDelivery(ctx.db, ctx.workspaceId, id, deliveryId);
});
