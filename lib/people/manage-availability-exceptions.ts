/** Availability exceptions (vacation etc.): a user's ranges that take them out of slots and routing. */
import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { availabilityExceptions, type AvailabilityException } from "@/db/schema";
import { badRequest, notFound, unprocessable } from "@/lib/errors";
import type { Interval } from "@/lib/routing";
import { resolveRange } from "@/lib/slots";
import type { ExceptionCreateBody, ExceptionResponse } from "@/lib/api/schemas/exceptions";
import { getWorkspaceUser } from "@/lib/people/manage-users";
import { emitExceptionEvent } from "@/lib/webhooks/emit-domain-events";

/** An exception as the API and the team page show it. */
export function presentException(e: AvailabilityException): ExceptionResponse {
  return {
    id: e.id,
    userId: e.userId,
    name: e.name,
    isAvailable: e.isAvailable,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    createdAt: e.createdAt.toISOString(),
  };
}

/** Who made an exception and why (its event). */
export interface ExceptionMeta {
  actorUserId?: string | null;
  reason?: string;
}

/** Days are whole days in the user's own time zone, endDate inclusive; date-times are taken as given. */
export async function createException(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
  body: ExceptionCreateBody,
  meta: ExceptionMeta = {},
): Promise<ExceptionResponse> {
  const user = await getWorkspaceUser(db, workspaceId, userId);
  const range = resolveRange(body.startDate, body.endDate, user.timeZone);
  if (!(range.end > range.start)) throw badRequest("endDate must not be before startDate", { field: "endDate" });
  // An absence that is over before it is recorded changes nothing (no slot, no routing): say so instead.
  if (range.end <= Date.now())
    throw unprocessable("The absence is entirely in the past: it would change nothing", [
      { path: "endDate", message: "is in the past: an absence must end later than now" },
    ]);
  return insertException(db, { workspaceId, userId, name: body.name, isAvailable: body.isAvailable, range }, meta);
}

/** Stores an exception whose range is already resolved (and the user checked), with its event. */
export async function insertException(
  db: DbOrTx,
  e: { workspaceId: string; userId: string; name: string; isAvailable: boolean; range: Interval },
  { actorUserId = null, reason = "created" }: ExceptionMeta = {},
): Promise<ExceptionResponse> {
  const { workspaceId } = e;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(availabilityExceptions)
      .values({
        workspaceId,
        userId: e.userId,
        name: e.name,
        isAvailable: e.isAvailable,
        startsAt: new Date(e.range.start),
        endsAt: new Date(e.range.end),
      })
      .returning();
    const exception = presentException(row);
    await emitExceptionEvent(tx, {
      workspaceId,
      type: "availability_exception.created",
      exception,
      reason,
      actorUserId,
    });
    return exception;
  });
}

export async function listExceptions(db: DbOrTx, workspaceId: string, userId: string): Promise<ExceptionResponse[]> {
  await getWorkspaceUser(db, workspaceId, userId);
  const rows = await db
    .select()
    .from(availabilityExceptions)
    .where(and(eq(availabilityExceptions.workspaceId, workspaceId), eq(availabilityExceptions.userId, userId)))
    .orderBy(asc(availabilityExceptions.startsAt));
  return rows.map(presentException);
}

/** `onlyUserId`: a rep deletes only their own exceptions; anyone else's is "not found". */
export async function deleteException(
  db: DbOrTx,
  workspaceId: string,
  id: string,
  { actorUserId = null, onlyUserId = null }: { actorUserId?: string | null; onlyUserId?: string | null } = {},
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(availabilityExceptions)
      .where(
        and(
          eq(availabilityExceptions.id, id),
          eq(availabilityExceptions.workspaceId, workspaceId),
          onlyUserId ? eq(availabilityExceptions.userId, onlyUserId) : undefined,
        ),
      )
      .returning();
    if (!row) throw notFound("Availability exception", id);
    await emitExceptionEvent(tx, {
      workspaceId,
      type: "availability_exception.deleted",
      exception: presentException(row),
      reason: "deleted",
      actorUserId,
    });
    return { id, deleted: true as const };
  });
}
