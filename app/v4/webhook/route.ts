import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody } from "@/lib/http/parse";
import { webhookCreateBody } from "@/lib/api/schemas/webhooks";
import { createSubscription, listSubscriptions } from "@/lib/webhooks/subscriptions";

export const GET = apiRoute("GET /v4/webhook", async (ctx) => {
  return { webhooks: await listSubscriptions(ctx.db, ctx.workspaceId) };
});

export const POST = apiRoute("POST /v4/webhook", async (ctx, req) => {
  const body = await parseBody(req, webhookCreateBody);
  return created(await createSubscription(ctx.db, { workspaceId: ctx.workspaceId, actorUserId: ctx.actor.id }, body));
});

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
