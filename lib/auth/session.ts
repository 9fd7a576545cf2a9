import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { getDb, type Db } from "@/db/client";
import type { Role, User } from "@/db/schema";
import { loadActor, type UseCaseContext } from "@/lib/context";
import { forbidden, unauthorized } from "@/lib/errors";
import { authOptions } from "./options";

export interface Viewer {
  db: Db;
  user: User;
  workspaceId: string;
  role: Role;
  /** The workspace's zone, read with the user (lib/context.ts loadActor). */
  timeZone: string;
}

/** The use-case context of a signed-in viewer (server actions build it once, in runAction). */
export function viewerContext(v: Viewer): UseCaseContext {
  return { db: v.db, workspaceId: v.workspaceId, actor: v.user, timeZone: v.timeZone };
}

export { MANAGER_ROLES, isManager } from "./roles";

/**
 * The signed-in user, re-read from the database on every request so a removed
 * user or a changed role takes effect at once (the JWT alone could be stale).
 */
export async function currentViewer(): Promise<Viewer | null> {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  const db = await getDb();
  const found = await loadActor(db, session.user.workspaceId, session.user.id);
  // Deactivated people lose their session at once, not when the token expires.
  if (!found || found.actor.deactivatedAt) return null;
  const { actor: user, timeZone } = found;
  return { db, user, workspaceId: user.workspaceId, role: user.role, timeZone };
}

/** For pages: sends visitors without a session to sign-in, and reps away from manager pages. */
export async function requirePageViewer(roles?: Role[]): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect("/signin");
  if (roles && !roles.includes(viewer.role)) redirect("/my");
  return viewer;
}

/** For server actions: throws (mapped to an error result), never trusts the menu. */
export async function requireActionViewer(roles?: Role[]): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) throw unauthorized("Sign in again");
  if (roles && !roles.includes(viewer.role)) throw forbidden("Only managers can do this");
  return viewer;
}
