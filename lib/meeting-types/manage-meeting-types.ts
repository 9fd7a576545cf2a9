import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { meetingTypes, queues, type MeetingType } from "@/db/schema";
import { conflict, notFound } from "@/lib/errors";
import { PG, pgErrorCode } from "@/db/errors";
import * as v from "@/lib/validation";
import { DEFAULT_STRATEGY, STRATEGY_NAMES } from "@/db/strategies";

const minutes = (max: number) => z.number().int().min(0).max(max);

/** The fields of a new meeting type: one definition for the use case, the /v4 body and the dashboard form. */
export const meetingTypeFields = {
  name: v.name,
  slug: v.slug.meta({ description: "Unique in the workspace: lowercase words joined by dashes" }),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  slotIntervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional()
    .meta({ description: "Step between offered start times; default: the duration" }),
  bufferBeforeMinutes: minutes(240).default(0),
  bufferAfterMinutes: minutes(240).default(0),
  minimumNoticeMinutes: minutes(60 * 24 * 30)
    .default(0)
    .meta({ description: "How long before a slot it can still be booked" }),
};

export const addMeetingTypeInput = z.object({
  workspaceId: v.uuid,
  ...meetingTypeFields,
  strategy: z.enum(STRATEGY_NAMES).default(DEFAULT_STRATEGY),
});

/** A meeting type always comes with its (initially empty) routing queue. */
export async function addMeetingType(db: Db, raw: z.input<typeof addMeetingTypeInput>) {
  const input = addMeetingTypeInput.parse(raw);
  try {
    return await db.transaction(async (tx) => {
      const [meetingType] = await tx
        .insert(meetingTypes)
        .values({
          workspaceId: input.workspaceId,
          name: input.name,
          slug: input.slug,
          durationMinutes: input.durationMinutes,
          slotIntervalMinutes: input.slotIntervalMinutes ?? input.durationMinutes,
          bufferBeforeMinutes: input.bufferBeforeMinutes,
          bufferAfterMinutes: input.bufferAfterMinutes,
          minimumNoticeMinutes: input.minimumNoticeMinutes,
        })
        .returning();
      const [queue] = await tx
        .insert(queues)
        .values({
          workspaceId: input.workspaceId,
          meetingTypeId: meetingType.id,
          name: input.name,
          strategy: input.strategy,
        })
        .returning();
      return { meetingType, queue };
    });
  } catch (e) {
    if (pgErrorCode(e) === PG.uniqueViolation)
      throw conflict(`A meeting type with slug ${input.slug} already exists`, { field: "slug" });
    throw e;
  }
}

export async function listMeetingTypes(db: DbOrTx, workspaceId: string): Promise<MeetingType[]> {
  return db
    .select()
    .from(meetingTypes)
    .where(eq(meetingTypes.workspaceId, workspaceId))
    .orderBy(asc(meetingTypes.name));
}

export async function getMeetingType(db: DbOrTx, workspaceId: string, id: string): Promise<MeetingType> {
  const [mt] = await db
    .select()
    .from(meetingTypes)
    .where(and(eq(meetingTypes.id, id), eq(meetingTypes.workspaceId, workspaceId)));
  if (!mt) throw notFound("Meeting type", id);
  return mt;
}
