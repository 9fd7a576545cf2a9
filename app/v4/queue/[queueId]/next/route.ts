import { apiRoute } from "@/lib/http/api-route";
import { parseParams, parseQuery } from "@/lib/http/parse";
import { nextQuery, queueParams } from "@/lib/api/schemas/queues";
import { nextHosts } from "@/lib/queues/get-next-hosts";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ queueId: string }>("GET /v4/queue/[queueId]/next", async (ctx, req, params) => {
  const { queueId } = parseParams(params, queueParams);
  const { start } = parseQuery(req, nextQuery);
  return nextHosts(ctx, queueId, start);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
