import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody } from "@/lib/http/parse";
import { requireApiManager } from "@/lib/auth/api-auth";
import { webhookCreateBody } from "@/lib/api/schemas/webhooks";
import { createSubscription, listSubscriptions } from "@/lib/webhooks/subscriptions";

export const GET = apiRoute(async (ctx) => {
  requireApiManager(ctx);
  return { webhooks: await listSubscriptions(ctx.db, ctx.workspaceId) };
});

export const POST = apiRoute(async (ctx, req) => {
  requireApiManager(ctx);
  const body = await parseBody(req, webhookCreateBody);
  return created(await createSubscription(ctx.db, { workspaceId: ctx.workspaceId, actorUserId: ctx.actor.id }, body));
});
