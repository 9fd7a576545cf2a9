import { apiRoute } from "@/lib/http/api-route";
import { listMeetingTypes } from "@/lib/services/meeting-types";

export const GET = apiRoute(async (ctx) => listMeetingTypes(ctx.db, ctx.workspaceId));
