import { apiRoute } from "@/lib/http/api-route";
import { listMeetingTypes } from "@/lib/meeting-types/manage-meeting-types";

export const GET = apiRoute(async (ctx) => listMeetingTypes(ctx.db, ctx.workspaceId));
