import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody } from "@/lib/http/parse";
import { meetingTypeCreateBody } from "@/lib/api/schemas/people";
import { addMeetingType, listMeetingTypes } from "@/lib/meeting-types/manage-meeting-types";
import { getQueueDetail } from "@/lib/queues/describe-queues";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute("GET /v4/meeting-type", async (ctx) => listMeetingTypes(ctx.db, ctx.workspaceId));

export const POST = apiRoute("POST /v4/meeting-type", async (ctx, req) => {
  const body = await parseBody(req, meetingTypeCreateBody);
  const { meetingType, queue } = await addMeetingType(ctx.db, { ...body, workspaceId: ctx.workspaceId });
  return created({ meetingType, queue: await getQueueDetail(ctx.db, ctx.workspaceId, queue.id) });
});

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
