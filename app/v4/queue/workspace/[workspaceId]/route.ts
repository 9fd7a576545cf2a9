import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { workspaceParams } from "@/lib/api/schemas/queues";
import { listWorkspaceQueues } from "@/lib/queues/describe-queues";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ workspaceId: string }>(
  "GET /v4/queue/workspace/[workspaceId]",
  async (ctx, _req, params) => {
    const { workspaceId } = parseParams(params, workspaceParams);
    return listWorkspaceQueues(ctx.db, ctx.workspaceId, workspaceId);
  },
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
