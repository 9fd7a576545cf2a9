import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { deleteException } from "@/lib/people/manage-availability-exceptions";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { ownUserIdOnly } from "@/lib/auth/api-auth";

export const DELETE = apiRoute<{ id: string }>(
  "DELETE /v4/availability-exception/user/[id]",
  async (ctx, _req, params) =>
    deleteException(ctx.db, ctx.workspaceId, parseParams(params, idParams).id, {
      actorUserId: ctx.actor.id,
      onlyUserId: ownUserIdOnly(ctx),
    }),
);

export const { GET, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
