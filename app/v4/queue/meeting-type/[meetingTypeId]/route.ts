import { apiRoute } from "@/lib/http/api-route";
import { parseBody, parseParams } from "@/lib/http/parse";
import { meetingTypeParams, queueUpdateBody } from "@/lib/api/schemas/queues";
import { updateQueueMembers } from "@/lib/queues/update-queue-members";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const PATCH = apiRoute<{ meetingTypeId: string }>(
  "PATCH /v4/queue/meeting-type/[meetingTypeId]",
  async (ctx, req, params) => {
    const { meetingTypeId } = parseParams(params, meetingTypeParams);
    const body = await parseBody(req, queueUpdateBody);
    return updateQueueMembers(ctx, meetingTypeId, body);
  },
);

export const { GET, POST, PUT, DELETE } = methodNotAllowed(["PATCH"]);
