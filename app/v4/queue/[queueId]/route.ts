import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { queueParams } from "@/lib/api/schemas/queues";
import { getQueueDetail } from "@/lib/queues/describe-queues";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ queueId: string }>("GET /v4/queue/[queueId]", async (ctx, _req, params) => {
  const { queueId } = parseParams(params, queueParams);
  return getQueueDetail(ctx.db, ctx.workspaceId, queueId);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
