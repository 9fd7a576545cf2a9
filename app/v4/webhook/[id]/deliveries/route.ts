import { apiRoute } from "@/lib/http/api-route";
import { parseParams, parseQuery } from "@/lib/http/parse";
import { requireApiManager } from "@/lib/auth/api-auth";
import { idParams } from "@/lib/api/schemas/common";
import { webhookDeliveryListQuery } from "@/lib/api/schemas/webhooks";
import { listDeliveries } from "@/lib/webhooks/deliveries";

export const GET = apiRoute<{ id: string }>(async (ctx, req, params) => {
  requireApiManager(ctx);
  const { id } = parseParams(params, idParams);
  return listDeliveries(ctx.db, ctx.workspaceId, id, parseQuery(req, webhookDeliveryListQuery));
});
