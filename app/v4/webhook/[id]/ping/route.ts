import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { apiRoute, created } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { sendPing } from "@/lib/webhooks/deliveries";
import { userActor } from "@/lib/webhooks/emit-domain-events";

export const POST = apiRoute<{ id: string }>("POST /v4/webhook/[id]/ping", async (ctx, _req, params) => {
  const { id } = parseParams(params, idParams);
  const ws = { workspaceId: ctx.workspaceId, actorUserId: ctx.actor.id, actor: userActor(ctx.actor.id) };
  return created(await sendPing(ctx.db, ws, id));
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
