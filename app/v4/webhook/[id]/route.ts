import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { apiRoute } from "@/lib/http/api-route";
import { parseBody, parseParams } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { webhookUpdateBody } from "@/lib/api/schemas/webhooks";
import { deleteSubscription, getSubscription, updateSubscription } from "@/lib/webhooks/subscriptions";

type P = { id: string };

export const GET = apiRoute<P>("GET /v4/webhook/[id]", async (ctx, _req, params) => {
  return getSubscription(ctx.db, ctx.workspaceId, parseParams(params, idParams).id);
});

export const PATCH = apiRoute<P>("PATCH /v4/webhook/[id]", async (ctx, req, params) => {
  const { id } = parseParams(params, idParams);
  const body = await parseBody(req, webhookUpdateBody);
  return updateSubscription(ctx.db, { workspaceId: ctx.workspaceId, actorUserId: ctx.actor.id }, id, body);
});

export const DELETE = apiRoute<P>("DELETE /v4/webhook/[id]", async (ctx, _req, params) => {
  return deleteSubscription(ctx.db, ctx.workspaceId, parseParams(params, idParams).id);
});

export const { POST, PUT } = methodNotAllowed(["GET", "PATCH", "DELETE"]);
