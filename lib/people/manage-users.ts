import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { users, workingHours, type User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { conflict, notFound } from "@/lib/errors";
import { PG, pgErrorCode } from "@/db/errors";
import * as v from "@/lib/validation";

export const addUserInput = z.object({
  /** Only the demo seed picks ids, so the README can name them. */
  id: v.uuid.optional(),
  workspaceId: v.uuid,
  name: v.name,
  email: v.email,
  role: v.role.default("rep"),
  timeZone: v.timeZone.default("UTC"),
  password: v.password.optional(),
});

export type PublicUser = Omit<User, "passwordHash">;
export function publicUser(u: User): PublicUser {
  const { passwordHash: _passwordHash, ...rest } = u;
  return rest;
}

export async function addUser(db: DbOrTx, raw: z.input<typeof addUserInput>): Promise<PublicUser> {
  const input = addUserInput.parse(raw);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    const [user] = await db
      .insert(users)
      .values({
        id: input.id,
        workspaceId: input.workspaceId,
        name: input.name,
        email: input.email,
        role: input.role,
        timeZone: input.timeZone,
        passwordHash,
      })
      .returning();
    return publicUser(user);
  } catch (e) {
    if (pgErrorCode(e) === PG.uniqueViolation)
      throw conflict(`A user with email ${input.email} already exists`, { field: "email" });
    throw e;
  }
}

export async function listUsers(db: DbOrTx, workspaceId: string): Promise<PublicUser[]> {
  const rows = await db.select().from(users).where(eq(users.workspaceId, workspaceId)).orderBy(asc(users.name));
  return rows.map(publicUser);
}

/** A user of this workspace, or 404 (never reveals users of other workspaces). */
export async function getWorkspaceUser(db: DbOrTx, workspaceId: string, userId: string): Promise<User> {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.workspaceId, workspaceId)));
  if (!u) throw notFound("User", userId);
  return u;
}

/** Every id is a user of this workspace, or 404 naming the first that is not (another workspace's id included). */
export async function assertWorkspaceUsers(db: DbOrTx, workspaceId: string, userIds: readonly string[]): Promise<void> {
  if (!userIds.length) return;
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, [...userIds])));
  const known = new Set(found.map((u) => u.id));
  const missing = userIds.find((id) => !known.has(id));
  if (missing) throw notFound("User", missing);
}

export const weeklyHoursInput = z
  .array(
    z
      .object({
        weekday: z.number().int().min(1).max(7),
        startMinute: z.number().int().min(0).max(1439),
        endMinute: z.number().int().min(1).max(1440),
      })
      .refine((h) => h.startMinute < h.endMinute, "start must be before end"),
  )
  .max(50);

/** Replaces a user's weekly working hours (in the user's own time zone). */
export async function setWorkingHours(db: DbOrTx, userId: string, hours: z.input<typeof weeklyHoursInput>) {
  const parsed = weeklyHoursInput.parse(hours);
  await db.delete(workingHours).where(eq(workingHours.userId, userId));
  if (parsed.length) await db.insert(workingHours).values(parsed.map((h) => ({ ...h, userId })));
}
