import { apiRoute } from "@/lib/http/api-route";
import { parseBody, parseParams } from "@/lib/http/parse";
import { requireApiManager } from "@/lib/auth/api-auth";
import { idParams } from "@/lib/api/schemas/common";
import { webhookUpdateBody } from "@/lib/api/schemas/webhooks";
import { deleteSubscription, getSubscription, updateSubscription } from "@/lib/webhooks/subscriptions";

type P = { id: string };

export const GET = apiRoute<P>(async (ctx, _req, params) => {
  requireApiManager(ctx);
  return getSubscription(ctx.db, ctx.workspaceId, parseParams(params, idParams).id);
});

export const PATCH = apiRoute<P>(async (ctx, req, params) => {
  requireApiManager(ctx);
  const { id } = parseParams(params, idParams);
  const body = await parseBody(req, webhookUpdateBody);
  return updateSubscription(ctx.db, { workspaceId: ctx.workspaceId, actorUserId: ctx.actor.id }, id, body);
});

export const DELETE = apiRoute<P>(async (ctx, _req, params) => {
  requireApiManager(ctx);
  return deleteSubscription(ctx.db, ctx.workspaceId, parseParams(params, idParams).id);
});
