import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { webhookDeliveryParams } from "@/lib/api/schemas/webhooks";
import { resendDelivery } from "@/lib/webhooks/deliveries";

export const POST = apiRoute<{ id: string; deliveryId: string }>(
  "POST /v4/webhook/[id]/deliveries/[deliveryId]/resend",
  async (ctx, _req, params) => {
    const { id, deliveryId } = parseParams(params, webhookDeliveryParams);
    return resendDelivery(ctx.db, ctx.workspaceId, id, deliveryId);
  },
);

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
