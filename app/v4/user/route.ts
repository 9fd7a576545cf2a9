import { apiRoute } from "@/lib/http/api-route";
import { listUsers } from "@/lib/people/manage-users";

export const GET = apiRoute(async (ctx) => listUsers(ctx.db, ctx.workspaceId));
