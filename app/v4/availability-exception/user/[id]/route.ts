import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { idParams } from "@/lib/api/schemas/common";
import { deleteException } from "@/lib/people/manage-availability-exceptions";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const DELETE = apiRoute<{ id: string }>(async (ctx, _req, params) =>
  deleteException(ctx.db, ctx.workspaceId, parseParams(params, idParams).id),
);

export const { GET, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
