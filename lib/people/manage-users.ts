import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { anyOf } from "@/db/any";
import { users, workingHours, workspaces, type User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { badRequest, conflict, notFound, unprocessable } from "@/lib/errors";
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
  /** Weekly hours in the person's zone; default: the workspace's default hours (never around the clock). */
  workingHours: z.lazy(() => weeklyHoursInput).optional(),
});

export type PublicUser = Omit<User, "passwordHash" | "deactivatedAt"> & {
  active: boolean;
  deactivatedAt: Date | null;
};
export function publicUser(u: User): PublicUser {
  const { passwordHash: _passwordHash, ...rest } = u;
  return { ...rest, active: u.deactivatedAt === null };
}

/** A new person, with the workspace's default weekly hours unless `workingHours` says otherwise. */
export async function addUser(db: DbOrTx, raw: z.input<typeof addUserInput>): Promise<PublicUser> {
  const input = addUserInput.parse(raw);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return inSavepoint(db, async (tx) => {
    try {
      const [user] = await tx
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
      let hours = input.workingHours;
      if (!hours) {
        const [ws] = await tx
          .select({ hours: workspaces.defaultWorkingHours })
          .from(workspaces)
          .where(eq(workspaces.id, input.workspaceId));
        hours = ws?.hours ?? [];
      }
      if (hours.length) await tx.insert(workingHours).values(hours.map((h) => ({ ...h, userId: user.id })));
      return publicUser(user);
    } catch (e) {
      if (pgErrorCode(e) === PG.uniqueViolation)
        throw conflict(`A user with email ${input.email} already exists`, { field: "email" });
      throw e;
    }
  });
}

/** Runs `fn` in a transaction (a savepoint inside an open one), so a half-added person never stays. */
function inSavepoint<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx));
}

export const updateUserInput = z
  .object({
    name: v.name.optional(),
    email: v.email.optional(),
    role: v.role.optional(),
    timeZone: v.timeZone.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserInput>;

/**
 * Changes a person's name, email, role, zone or whether they are active. A deactivated person is
 * never routed to and cannot sign in or act through the API; their bookings stay where they are
 * (the dashboard offers them to the coverage wizard). Nobody deactivates or demotes themselves,
 * so a workspace always keeps someone who can undo it.
 */
export async function updateUser(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  patch: UpdateUserInput,
  { actorUserId = null }: { actorUserId?: string | null } = {},
): Promise<PublicUser> {
  const user = await getWorkspaceUser(db, workspaceId, userId);
  if (actorUserId === userId && patch.active === false)
    throw badRequest("You cannot deactivate yourself", { field: "active" });
  if (actorUserId === userId && patch.role && patch.role !== user.role && user.role !== "rep")
    throw badRequest("You cannot change your own role", { field: "role" });
  const set: Partial<User> = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.email !== undefined) set.email = patch.email;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.timeZone !== undefined) set.timeZone = patch.timeZone;
  if (patch.active !== undefined && patch.active === (user.deactivatedAt !== null))
    set.deactivatedAt = patch.active ? null : new Date();
  if (Object.keys(set).length === 0) return publicUser(user);
  try {
    const [row] = await db
      .update(users)
      .set(set)
      .where(and(eq(users.id, userId), eq(users.workspaceId, workspaceId)))
      .returning();
    return publicUser(row);
  } catch (e) {
    if (pgErrorCode(e) === PG.uniqueViolation)
      throw conflict(`A user with email ${patch.email} already exists`, { field: "email" });
    throw e;
  }
}

export async function listUsers(
  db: DbOrTx,
  workspaceId: string,
  { activeOnly = false }: { activeOnly?: boolean } = {},
): Promise<PublicUser[]> {
  const rows = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), activeOnly ? isNull(users.deactivatedAt) : undefined))
    .orderBy(asc(users.name));
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

/**
 * Every id is a user of this workspace, or 404 naming the first that is not (another workspace's id
 * included). With `activeOnly`, a deactivated person is refused (422): they take no bookings.
 */
export async function assertWorkspaceUsers(
  db: DbOrTx,
  workspaceId: string,
  userIds: readonly string[],
  { activeOnly = false }: { activeOnly?: boolean } = {},
): Promise<void> {
  if (!userIds.length) return;
  const found = await db
    .select({ id: users.id, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), anyOf(users.id, userIds)));
  const known = new Set(found.map((u) => u.id));
  const missing = userIds.find((id) => !known.has(id));
  if (missing) throw notFound("User", missing);
  const inactive = activeOnly && found.find((u) => u.deactivatedAt);
  if (inactive) throw unprocessable("This person is deactivated and takes no bookings", { userId: inactive.id });
}

const dayRangeInput = z
  .object({
    startMinute: z.number().int().min(0).max(1439),
    endMinute: z.number().int().min(1).max(1440),
  })
  .refine((h) => h.startMinute < h.endMinute, { message: "start must be before end", path: ["endMinute"] });

/** Ranges of one day: each start before its end, none overlapping another. */
export const dayRangesInput = z
  .array(dayRangeInput)
  .max(12)
  .superRefine((ranges, ctx) => {
    const sorted = ranges.map((r, i) => ({ ...r, i })).sort((a, b) => a.startMinute - b.startMinute);
    for (let k = 1; k < sorted.length; k++)
      if (sorted[k].startMinute < sorted[k - 1].endMinute)
        ctx.addIssue({ code: "custom", message: "ranges of one day must not overlap", path: [sorted[k].i] });
  });

export const weeklyHoursInput = z
  .array(
    z
      .object({
        weekday: z.number().int().min(1).max(7),
        startMinute: z.number().int().min(0).max(1439),
        endMinute: z.number().int().min(1).max(1440),
      })
      .refine((h) => h.startMinute < h.endMinute, { message: "start must be before end", path: ["endMinute"] }),
  )
  .max(50)
  .superRefine((rules, ctx) => {
    for (const [i, r] of rules.entries())
      for (const [j, o] of rules.entries())
        if (j < i && o.weekday === r.weekday && r.startMinute < o.endMinute && o.startMinute < r.endMinute) {
          ctx.addIssue({ code: "custom", message: "ranges of one day must not overlap", path: [i] });
          break;
        }
  });

/** Replaces a user's weekly working hours (in the user's own time zone); an empty list = no weekly hours. */
export async function setWorkingHours(db: DbOrTx, userId: string, hours: z.input<typeof weeklyHoursInput>) {
  const parsed = weeklyHoursInput.parse(hours);
  await db.transaction(async (tx) => {
    await tx.delete(workingHours).where(eq(workingHours.userId, userId));
    if (parsed.length) await tx.insert(workingHours).values(parsed.map((h) => ({ ...h, userId })));
  });
}
