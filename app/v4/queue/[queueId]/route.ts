import { apiRoute } from "@/lib/http/api-route";
import { parseParams } from "@/lib/http/parse";
import { queueParams } from "@/lib/api/schemas/queues";
import { getQueueDetail } from "@/lib/queues/describe-queues";
import { etagOf } from "@/lib/queues/queue-version";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ queueId: string }>("GET /v4/queue/[queueId]", async (ctx, _req, params) => {
  const { queueId } = parseParams(params, queueParams);
  const queue = await getQueueDetail(ctx.db, ctx.workspaceId, queueId);
  return Response.json(queue, { headers: { etag: etagOf(queue.version) } });
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
