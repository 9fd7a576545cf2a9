/**
 * The context every use case runs in, built ONCE per request: by apiRoute (authenticateApiRequest)
 * for /v4 and by runAction (currentViewer) for server actions. Use cases take it plus their
 * already-parsed input, and never look the actor or the workspace time zone up again.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workspaces, type User } from "@/db/schema";
import { notFound } from "@/lib/errors";

export interface UseCaseContext {
  db: Db;
  workspaceId: string;
  /** Who acts: the user named by x-meetergo-api-user-id, or the signed-in user. */
  actor: User;
  /** The workspace's IANA zone: fairness windows, day and week caps, times shown. */
  timeZone: string;
}

/**
 * The acting user of `workspaceId` with the workspace's time zone, in one query: the one place the
 * workspace time zone is read for a request (null when the user is not of that workspace).
 */
export async function loadActor(
  db: Db,
  workspaceId: string,
  userId: string,
): Promise<{ actor: User; timeZone: string } | null> {
  const [row] = await db
    .select({ actor: users, timeZone: workspaces.timeZone })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(users.id, userId), eq(users.workspaceId, workspaceId)))
    .limit(1);
  return row ?? null;
}

/** A context for scripts, the demo seed and tests: the same lookup apiRoute and runAction make. */
export async function loadUseCaseContext(db: Db, workspaceId: string, actorUserId: string): Promise<UseCaseContext> {
  const found = await loadActor(db, workspaceId, actorUserId);
  if (!found) throw notFound("User", actorUserId);
  return { db, workspaceId, ...found };
}
