import { apiRoute, created } from "@/lib/http/api-route";
import { parseBody } from "@/lib/http/parse";
import { userCreateBody } from "@/lib/api/schemas/people";
import { addUser, listUsers } from "@/lib/people/manage-users";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute("GET /v4/user", async (ctx) => listUsers(ctx.db, ctx.workspaceId));

export const POST = apiRoute("POST /v4/user", async (ctx, req) => {
  const body = await parseBody(req, userCreateBody);
  return created(await addUser(ctx.db, { ...body, workspaceId: ctx.workspaceId }));
});

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
