import { z } from "zod";
import * as v from "@/lib/validation";
import { isoString, queryInt } from "./common";

export const bookingCreateBody = z
  .object({
    meetingTypeId: v.uuid,
    start: v.instant,
    hostIds: z.array(v.uuid).min(1).max(50).optional().meta({ description: "Force the first free of these hosts" }),
    attendee: z.object({ email: v.email, fullname: v.name }),
    queueId: v.uuid.optional().meta({ description: "Must be the meeting type's queue" }),
  })
  .meta({ id: "BookingCreate" });
export type BookingCreateBody = z.infer<typeof bookingCreateBody>;

/** The nextCursor of GET /v4/booking: base64url of [start ISO, booking id]. */
export const encodeBookingCursor = (b: { startsAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([b.startsAt.toISOString(), b.id])).toString("base64url");
const cursorContent = z.tuple([z.iso.datetime(), v.uuid]).transform(([start, id]) => ({ start: new Date(start), id }));
/** A cursor decoded, or null when it is not one Baton wrote (or names a date out of range). */
export function decodeBookingCursor(cursor: string): { start: Date; id: string } | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    return null;
  }
  const r = cursorContent.safeParse(json);
  return r.success && v.instant.safeParse(r.data.start.toISOString()).success ? r.data : null;
}

/** Any printable ASCII up to 200 characters (UUIDs are typical): header values are ASCII. */
export const idempotencyKey = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x20-\x7e]+$/, "must be printable ASCII");

export const bookingListQuery = z
  .object({
    hostId: v.uuid.optional(),
    queueId: v.uuid.optional(),
    meetingTypeId: v.uuid.optional(),
    status: z.enum(["confirmed", "cancelled"]).optional(),
    start: v.instant.optional().meta({ description: "Bookings starting at or after" }),
    end: v.instant.optional().meta({ description: "Bookings starting before" }),
    limit: queryInt(1, 200).default(50),
    offset: queryInt(0, 1_000_000).optional(),
    cursor: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]+$/, "is not a cursor from a previous page")
      .refine((c) => decodeBookingCursor(c) !== null, "is not a cursor from a previous page")
      .optional()
      .meta({ description: "nextCursor of the previous page" }),
  })
  .refine((q) => !(q.start && q.end) || q.start < q.end, { message: "end must be after start", path: ["end"] })
  .refine((q) => !(q.cursor && q.offset !== undefined), {
    message: "use cursor or offset, not both",
    path: ["cursor"],
  });
export type BookingListQuery = z.infer<typeof bookingListQuery>;

export const routingInfo = z.object({
  strategy: z.string(),
  reason: z.string().nullable(),
  tier: z.number().nullable(),
  rank: z.number().nullable(),
});
export const bookingResponse = z
  .object({
    id: v.uuid,
    meetingTypeId: v.uuid,
    start: isoString,
    end: isoString,
    hostId: v.uuid,
    host: z.object({ id: v.uuid, name: z.string(), email: z.string() }),
    attendee: z.object({ email: z.string(), fullname: z.string() }),
    status: z.enum(["confirmed", "cancelled"]),
    queueId: v.uuid.nullable(),
    routing: routingInfo.nullable(),
    createdAt: isoString,
    cancelledAt: isoString.nullable(),
  })
  .meta({ id: "Booking" });
export type BookingResponse = z.infer<typeof bookingResponse>;

export const bookingEvent = z.object({
  id: v.uuid,
  type: z.string(),
  reason: z.string().nullable(),
  actorUserId: v.uuid.nullable(),
  fromUserId: v.uuid.nullable(),
  toUserId: v.uuid.nullable(),
  data: z.unknown(),
  createdAt: isoString,
});
export const bookingCalendarEvent = z
  .object({
    state: z.enum(["pending", "synced", "removed", "failed"]).meta({
      description:
        "pending: queued; synced: in the host's calendar; removed: in no calendar (cancelled, or no writable calendar); failed: retrying",
    }),
    lastError: z.string().nullable().meta({ description: "Why the last write failed, in plain words" }),
    syncedAt: isoString.nullable(),
  })
  .nullable()
  .meta({ description: "The booking's event in its host's calendar; null when no calendar is involved" });
export const bookingDetailResponse = bookingResponse
  .extend({ events: z.array(bookingEvent), calendarEvent: bookingCalendarEvent })
  .meta({ id: "BookingDetail" });
export const bookingListResponse = z
  .object({
    bookings: z.array(bookingResponse),
    nextCursor: z.string().nullable(),
    limit: z.number(),
  })
  .meta({ id: "BookingList" });
