/** The workspace's IANA zone: the one lookup behind every context (see lib/context.ts). */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { workspaces } from "@/db/schema";
import { notFound } from "@/lib/errors";

export async function workspaceTimeZone(db: DbOrTx, workspaceId: string): Promise<string> {
  const [ws] = await db
    .select({ timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!ws) throw notFound("Workspace", workspaceId);
  return ws.timeZone;
}
