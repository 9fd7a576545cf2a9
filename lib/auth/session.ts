import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { and, eq } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { users, type Role, type User } from "@/db/schema";
import { forbidden, unauthorized } from "@/lib/errors";
import { authOptions } from "./options";

export interface Viewer {
  db: Db;
  user: User;
  workspaceId: string;
  role: Role;
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
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, session.user.id), eq(users.workspaceId, session.user.workspaceId)))
    .limit(1);
  // Deactivated people lose their session at once, not when the token expires.
  return user && !user.deactivatedAt ? { db, user, workspaceId: user.workspaceId, role: user.role } : null;
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
