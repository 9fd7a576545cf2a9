import { z } from "zod";
import type { Db } from "@/db/client";
import { workspaces } from "@/db/schema";
import * as v from "@/lib/validation";
import { createApiKey } from "@/lib/workspaces/manage-api-keys";
import { addUser } from "@/lib/people/manage-users";

export const createWorkspaceInput = z.object({
  name: v.name,
  adminEmail: v.email,
  adminPassword: v.password,
  adminName: v.name.optional(),
  timeZone: v.timeZone.default("UTC"),
});

/** A workspace with its first admin and a first API key (returned once). */
export async function createWorkspace(db: Db, raw: z.input<typeof createWorkspaceInput>) {
  const input = createWorkspaceInput.parse(raw);
  return db.transaction(async (tx) => {
    const [workspace] = await tx.insert(workspaces).values({ name: input.name, timeZone: input.timeZone }).returning();
    const admin = await addUser(tx, {
      workspaceId: workspace.id,
      name: input.adminName ?? "Admin",
      email: input.adminEmail,
      role: "admin",
      password: input.adminPassword,
      timeZone: input.timeZone,
    });
    const { key, apiKey } = await createApiKey(tx, {
      workspaceId: workspace.id,
      name: "Default",
      createdById: admin.id,
    });
    return { workspace, admin, apiKey, key };
  });
}
