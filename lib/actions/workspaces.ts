"use server";
/** API keys for integrators: created (shown once), listed, revoked. Managers only. */
import { z } from "zod";
import { MANAGER_ROLES } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import * as v from "@/lib/validation";
import { createApiKey, revokeApiKey } from "@/lib/workspaces/manage-api-keys";

const createInput = z.object({ name: v.name, scopes: v.apiKeyScopes });
export async function createApiKeyAction(input: z.input<typeof createInput>) {
  return runAction(MANAGER_ROLES, createInput, input, async (viewer, i) => {
    const { key, apiKey } = await createApiKey(viewer.db, {
      workspaceId: viewer.workspaceId,
      name: i.name,
      createdById: viewer.user.id,
      scopes: i.scopes,
    });
    return { key, prefix: apiKey.prefix, id: apiKey.id };
  });
}

const ref = z.object({ id: v.uuid });
export async function revokeApiKeyAction(input: z.input<typeof ref>) {
  return runAction(MANAGER_ROLES, ref, input, async (viewer, i) => {
    const k = await revokeApiKey(viewer.db, viewer.workspaceId, i.id);
    return { id: k.id, revokedAt: k.revokedAt?.toISOString() ?? null };
  });
}
