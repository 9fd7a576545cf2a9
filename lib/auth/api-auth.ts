import { and, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiKeys, users, type User } from "@/db/schema";
import { AppError, badRequest, unauthorized } from "@/lib/errors";
import { apiKeyMatches, parseApiKey } from "./api-key";

export interface ApiContext {
  db: Db;
  workspaceId: string;
  /** The user named by x-meetergo-api-user-id: who the integration acts for. */
  actor: User;
  apiKeyId: string;
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
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, parsed.prefix)).limit(1);
  if (!row || row.revokedAt || !apiKeyMatches(key, row.secretHash)) throw unauthorized();

  const userId = req.headers.get("x-meetergo-api-user-id");
  if (!userId) throw badRequest("Send the x-meetergo-api-user-id header");
  if (!z.uuid().safeParse(userId).success)
    throw new AppError(403, "forbidden", "x-meetergo-api-user-id is not a user of this workspace");
  const [actor] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.workspaceId, row.workspaceId)))
    .limit(1);
  if (!actor) throw new AppError(403, "forbidden", "x-meetergo-api-user-id is not a user of this workspace");

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
  return { db, workspaceId: row.workspaceId, actor, apiKeyId: row.id };
}

/** Manager-only /v4 routes (webhooks): the same roles as the dashboard's manager pages and actions. */
export function requireApiManager(ctx: ApiContext): void {
  if (ctx.actor.role !== "admin" && ctx.actor.role !== "manager") {
    throw new AppError(403, "forbidden", "Only managers can do this (x-meetergo-api-user-id is a rep)");
  }
}
