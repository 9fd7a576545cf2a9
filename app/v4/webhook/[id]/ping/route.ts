import { apiRoute, created } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { requireApiManager } from "@/lib/auth/api-auth";
import { idParams } from "@/lib/api/schemas/common";
import { sendPing } from "@/lib/webhooks/deliveries";
import { userActor } from "@/lib/webhooks/emit-domain-events";

export const POST = apiRoute<{ id: string }>(async (ctx, _req, params) => {
  requireApiManager(ctx);
  const { id } = parseParams(params, idParams);
  const ws = { workspaceId: ctx.workspaceId, actorUserId: ctx.actor.id, actor: userActor(ctx.actor.id) };
  return created(await sendPing(ctx.db, ws, id));
});
