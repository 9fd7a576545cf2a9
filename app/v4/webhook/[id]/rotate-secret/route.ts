import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { apiRoute } from "@/lib/http/api-route";
import { parseOptionalBody, parseParams } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { webhookRotateBody } from "@/lib/api/schemas/webhooks";
import { rotateSubscriptionSecret } from "@/lib/webhooks/subscriptions";

export const POST = apiRoute<{ id: string }>("POST /v4/webhook/[id]/rotate-secret", async (ctx, req, params) => {
  const { id } = parseParams(params, idParams);
  const body = await parseOptionalBody(req, webhookRotateBody);
  return rotateSubscriptionSecret(ctx.db, { workspaceId: ctx.workspaceId, actorUserId: ctx.actor.id }, id, body);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
