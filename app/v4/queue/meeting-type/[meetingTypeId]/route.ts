import { apiRoute } from "@/lib/http/api-route";
import { parseBody, parseParams } from "@/lib/http/parse";
import { meetingTypeParams, queueUpdateBody } from "@/lib/api/schemas/queues";
import { updateQueueMembers } from "@/lib/queues/update-queue-members";
import { etagOf } from "@/lib/queues/queue-version";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const PATCH = apiRoute<{ meetingTypeId: string }>(
  "PATCH /v4/queue/meeting-type/[meetingTypeId]",
  async (ctx, req, params) => {
    const { meetingTypeId } = parseParams(params, meetingTypeParams);
    const body = await parseBody(req, queueUpdateBody);
    const queue = await updateQueueMembers(ctx, meetingTypeId, body, { ifMatch: req.headers.get("if-match") });
    return Response.json(queue, { headers: { etag: etagOf(queue.version) } });
  },
);

export const { GET, POST, PUT, DELETE } = methodNotAllowed(["PATCH"]);
