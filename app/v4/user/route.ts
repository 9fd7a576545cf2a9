import { apiRoute } from "@/lib/http/api-route";
import { listUsers } from "@/lib/people/manage-users";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute("GET /v4/user", async (ctx) => listUsers(ctx.db, ctx.workspaceId));

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
