/**
 * A person's schedule: weekly working hours (in their own zone) and date overrides (a day off, or
 * special hours on one date). Routing and slots read both (lib/slots expandWorkingHours).
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { workingHourOverrides, workingHours, workspaces } from "@/db/schema";
import type { DayRange, WeeklyHours } from "@/db/office-hours";
import { notFound } from "@/lib/errors";
import * as v from "@/lib/validation";
import { dayRangesInput, getWorkspaceUser, setWorkingHours, weeklyHoursInput } from "./manage-users";

export const overridesInput = z
  .array(z.object({ day: v.day, ranges: dayRangesInput }))
  .max(400)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const [i, o] of list.entries()) {
      if (seen.has(o.day)) ctx.addIssue({ code: "custom", message: "each day at most once", path: [i, "day"] });
      seen.add(o.day);
    }
  });
export type OverridesInput = z.infer<typeof overridesInput>;

export interface DateOverride {
  day: string;
  /** Working ranges that day in the person's zone; empty = a day off. */
  ranges: DayRange[];
}

export interface Schedule {
  userId: string;
  timeZone: string;
  weekly: WeeklyHours[];
  overrides: DateOverride[];
}

const byStart = (a: DayRange, b: DayRange) => a.startMinute - b.startMinute;

export async function getSchedule(db: DbOrTx, workspaceId: string, userId: string): Promise<Schedule> {
  const user = await getWorkspaceUser(db, workspaceId, userId);
  const [weekly, overrides] = await Promise.all([
    db
      .select({
        weekday: workingHours.weekday,
        startMinute: workingHours.startMinute,
        endMinute: workingHours.endMinute,
      })
      .from(workingHours)
      .where(eq(workingHours.userId, userId))
      .orderBy(asc(workingHours.weekday), asc(workingHours.startMinute)),
    db
      .select({ day: workingHourOverrides.day, ranges: workingHourOverrides.ranges })
      .from(workingHourOverrides)
      .where(and(eq(workingHourOverrides.workspaceId, workspaceId), eq(workingHourOverrides.userId, userId)))
      .orderBy(asc(workingHourOverrides.day)),
  ]);
  return {
    userId,
    timeZone: user.timeZone,
    weekly,
    overrides: overrides.map((o) => ({ day: o.day, ranges: [...o.ranges].sort(byStart) })),
  };
}

/**
 * Replaces the weekly hours and, when given, every date override of a person of this workspace
 * (404 for anyone else), in one transaction. Input is already parsed.
 */
export async function replaceSchedule(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  input: { weekly?: z.infer<typeof weeklyHoursInput>; overrides?: OverridesInput },
): Promise<Schedule> {
  await getWorkspaceUser(db, workspaceId, userId);
  await db.transaction(async (tx) => {
    if (input.weekly) await setWorkingHours(tx, userId, input.weekly);
    if (input.overrides) {
      await tx.delete(workingHourOverrides).where(eq(workingHourOverrides.userId, userId));
      if (input.overrides.length)
        await tx
          .insert(workingHourOverrides)
          .values(
            input.overrides.map((o) => ({ workspaceId, userId, day: o.day, ranges: [...o.ranges].sort(byStart) })),
          );
    }
  });
  return getSchedule(db, workspaceId, userId);
}

/** Sets (or clears, with ranges = undefined) one date's override, leaving the others. */
export async function setDateOverride(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  day: string,
  ranges: DayRange[] | undefined,
): Promise<Schedule> {
  await getWorkspaceUser(db, workspaceId, userId);
  await db.transaction(async (tx) => {
    await tx
      .delete(workingHourOverrides)
      .where(and(eq(workingHourOverrides.userId, userId), eq(workingHourOverrides.day, day)));
    if (ranges)
      await tx.insert(workingHourOverrides).values({ workspaceId, userId, day, ranges: [...ranges].sort(byStart) });
  });
  return getSchedule(db, workspaceId, userId);
}

export async function getDefaultWorkingHours(db: DbOrTx, workspaceId: string): Promise<WeeklyHours[]> {
  const [ws] = await db
    .select({ hours: workspaces.defaultWorkingHours })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!ws) throw notFound("Workspace", workspaceId);
  return ws.hours;
}

/** The weekly hours people added from now on start with (in their own zone); existing people keep theirs. */
export async function setDefaultWorkingHours(
  db: DbOrTx,
  workspaceId: string,
  hours: z.infer<typeof weeklyHoursInput>,
): Promise<WeeklyHours[]> {
  const [ws] = await db
    .update(workspaces)
    .set({ defaultWorkingHours: hours })
    .where(eq(workspaces.id, workspaceId))
    .returning({ hours: workspaces.defaultWorkingHours });
  if (!ws) throw notFound("Workspace", workspaceId);
  return ws.hours;
}
