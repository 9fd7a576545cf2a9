import { apiRoute } from "@/lib/http/api-route";
import { listMeetingTypes } from "@/lib/meeting-types/manage-meeting-types";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute("GET /v4/meeting-type", async (ctx) => listMeetingTypes(ctx.db, ctx.workspaceId));

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
