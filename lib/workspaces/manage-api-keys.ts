import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { generateApiKey } from "@/lib/auth/api-key";
import { notFound } from "@/lib/errors";
import { API_KEY_SCOPE_NAMES, type ApiKeyScope } from "@/db/api-key-scopes";

/** Creates a key; the plain key is returned this once and only its hash is stored. */
export async function createApiKey(
  db: DbOrTx,
  input: { workspaceId: string; name: string; createdById?: string | null; scopes?: ApiKeyScope[] },
) {
  const { key, prefix, secretHash } = generateApiKey();
  const [row] = await db
    .insert(apiKeys)
    .values({
      workspaceId: input.workspaceId,
      name: input.name,
      prefix,
      secretHash,
      createdById: input.createdById ?? null,
      scopes: input.scopes ?? API_KEY_SCOPE_NAMES,
    })
    .returning();
  return { key, apiKey: publicApiKey(row) };
}

export function publicApiKey(row: typeof apiKeys.$inferSelect) {
  const { secretHash: _secretHash, ...rest } = row;
  return rest;
}

export async function listApiKeys(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(publicApiKey);
}

/** Revocation takes effect on the next request: every call re-reads the key row. */
export async function revokeApiKey(db: DbOrTx, workspaceId: string, id: string) {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt)))
    .returning();
  if (!row) {
    const [existing] = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, workspaceId)));
    if (!existing) throw notFound("API key", id);
    return publicApiKey(existing);
  }
  return publicApiKey(row);
}
