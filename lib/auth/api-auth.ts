import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { ApiKeyScope } from "@/db/api-key-scopes";
import type { Db } from "@/db/client";
import { apiKeys, users, workspaces } from "@/db/schema";
import type { UseCaseContext } from "@/lib/context";
import { AppError, badRequest, forbidden, unauthorized } from "@/lib/errors";
import { isManager } from "./roles";
import { apiKeyMatches, parseApiKey } from "./api-key";

/** The use-case context (actor = the user named by x-meetergo-api-user-id) plus the key. */
export interface ApiContext extends UseCaseContext {
  apiKeyId: string;
  /** What the key may do; each operation needs one (lib/api/operations.ts). */
  scopes: ApiKeyScope[];
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Checks `Authorization: Bearer <key>` and `x-meetergo-api-user-id` for every /v4 call.
 * 401 for a missing, malformed, unknown or revoked key; 403 when the user is not in the key's workspace.
 */
export async function authenticateApiRequest(req: Request, db: Db): Promise<ApiContext> {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthorized("Send Authorization: Bearer <api key>");
  const key = match[1];
  const parsed = parseApiKey(key);
  if (!parsed) throw unauthorized();
  const userId = req.headers.get("x-meetergo-api-user-id");
  const actorId = userId && z.uuid().safeParse(userId).success ? userId : null;
  // The key, its workspace's zone and the acting user, in one round trip (this runs on every call).
  const [found] = await db
    .select({ key: apiKeys, actor: users, timeZone: workspaces.timeZone })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .leftJoin(users, and(eq(users.workspaceId, apiKeys.workspaceId), sql`${users.id} = ${actorId}::uuid`))
    .where(eq(apiKeys.prefix, parsed.prefix))
    .limit(1);
  const row = found?.key;
  if (!row || row.revokedAt || !apiKeyMatches(key, row.secretHash)) throw unauthorized();

  if (!userId) throw badRequest("Send the x-meetergo-api-user-id header");
  if (!found.actor) throw new AppError(403, "forbidden", "x-meetergo-api-user-id is not a user of this workspace");
  if (found.actor.deactivatedAt)
    throw new AppError(403, "forbidden", "x-meetergo-api-user-id names a deactivated user");

  // Record use at most once a minute: no write on every request's hot path.
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
        ),
      );
  }
  return {
    db,
    workspaceId: row.workspaceId,
    actor: found.actor,
    timeZone: found.timeZone,
    apiKeyId: row.id,
    scopes: row.scopes,
  };
}

/**
 * Reps act on their own data only, as on the dashboard's "My assignments": the id every
 * read and write is limited to, or null for admins and managers (the whole workspace).
 */
export const ownUserIdOnly = (ctx: ApiContext): string | null => (isManager(ctx.actor.role) ? null : ctx.actor.id);

/** A rep naming another user: 403, as the dashboard refuses them the page. */
export function assertOwnUser(ctx: ApiContext, userIds: readonly (string | undefined)[]) {
  const own = ownUserIdOnly(ctx);
  if (own && userIds.some((id) => id !== undefined && id !== own))
    throw forbidden("A rep can only act for themselves (x-meetergo-api-user-id)");
}
