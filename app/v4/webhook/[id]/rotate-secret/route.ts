import { apiRoute } from "@/lib/http/api-route";
import { parseOptionalBody, parseParams } from "@/lib/http/parse";
import { requireApiManager } from "@/lib/auth/api-auth";
import { idParams } from "@/lib/api/schemas/common";
import { webhookRotateBody } from "@/lib/api/schemas/webhooks";
import { rotateSubscriptionSecret } from "@/lib/webhooks/subscriptions";

export const POST = apiRoute<{ id: string }>(async (ctx, req, params) => {
  requireApiManager(ctx);
  const { id } = parseParams(params, idParams);
  const body = await parseOptionalBody(req, webhookRotateBody);
  return rotateSubscriptionSecret(ctx.db, { workspaceId: ctx.workspaceId, actorUserId: ctx.actor.id }, id, body);
});
