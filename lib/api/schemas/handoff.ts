/** Handoffs (issue #5): one appointment, the options for it, bulk handoff and vacation coverage. */
import { z } from "zod";
import * as v from "@/lib/validation";
import { isoString } from "./common";
import { bookingResponse } from "./bookings";
import { exceptionResponse } from "./exceptions";

export const MAX_BULK_FROM_USERS = 100;
/** Inclusive days: a whole (leap) year. */
export const MAX_HANDOFF_RANGE_DAYS = 366;

const dayNumber = (s: string) =>
  Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000;

type Target = { targetUserId?: string; targetQueueId?: string };
function exactlyOneTarget(b: Target, ctx: z.RefinementCtx) {
  if (Boolean(b.targetUserId) === Boolean(b.targetQueueId)) {
    ctx.addIssue({
      code: "custom",
      path: ["targetUserId"],
      message: "send exactly one of targetUserId or targetQueueId",
    });
  }
}
function dayRangeOk(b: { startDate: string; endDate: string }, ctx: z.RefinementCtx) {
  const days = dayNumber(b.endDate) - dayNumber(b.startDate) + 1;
  if (days < 1) ctx.addIssue({ code: "custom", path: ["endDate"], message: "must not be before startDate" });
  else if (days > MAX_HANDOFF_RANGE_DAYS)
    ctx.addIssue({
      code: "custom",
      path: ["endDate"],
      message: `the range may span at most ${MAX_HANDOFF_RANGE_DAYS} days`,
    });
}

const targetUserId = v.uuid.optional().meta({ description: "Hand off to this user of the workspace" });
const targetQueueId = v.uuid
  .optional()
  .meta({ description: "Let this queue's routing pick the new host (ranked at the appointment's time)" });

export const handoffAppointmentBody = z
  .object({
    appointmentId: v.uuid.meta({ description: "The booking id" }),
    targetUserId,
    targetQueueId,
  })
  .superRefine(exactlyOneTarget)
  .meta({ id: "HandoffAppointment" });
export type HandoffAppointmentBody = z.infer<typeof handoffAppointmentBody>;

export const availableHandoffsQuery = z.object({ appointmentId: v.uuid });
export type AvailableHandoffsQuery = z.infer<typeof availableHandoffsQuery>;

export const bulkHandoffBody = z
  .object({
    fromUserIds: z.array(v.uuid).min(1, "must name at least one user").max(MAX_BULK_FROM_USERS),
    targetUserId,
    targetQueueId,
    startDate: v.day.meta({ description: "First day, in the acting user's time zone" }),
    endDate: v.day.meta({ description: "Last day (inclusive), in the acting user's time zone" }),
    dryRun: z.boolean().default(false).meta({ description: "Only report what would move; change nothing" }),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.fromUserIds.forEach((id, i) => {
      if (seen.has(id)) ctx.addIssue({ code: "custom", path: ["fromUserIds", i], message: "is listed twice" });
      seen.add(id);
    });
    exactlyOneTarget(b, ctx);
    if (b.targetUserId && seen.has(b.targetUserId)) {
      ctx.addIssue({ code: "custom", path: ["targetUserId"], message: "must not be one of fromUserIds" });
    }
    dayRangeOk(b, ctx);
  })
  .meta({ id: "BulkHandoff" });
export type BulkHandoffBody = z.infer<typeof bulkHandoffBody>;
export type BulkHandoffInput = z.input<typeof bulkHandoffBody>;

export const coverageBody = z
  .object({
    userId: v.uuid.meta({ description: "The absent user" }),
    targetUserId,
    targetQueueId,
    startDate: v.day.meta({ description: "First day of the absence, in the absent user's time zone" }),
    endDate: v.day.meta({ description: "Last day of the absence (inclusive), in the absent user's time zone" }),
    name: v.name.default("Vacation"),
    dryRun: z
      .boolean()
      .default(false)
      .meta({ description: "Preview: which appointments would move where, and which would fail" }),
  })
  .superRefine((b, ctx) => {
    exactlyOneTarget(b, ctx);
    if (b.targetUserId && b.targetUserId === b.userId) {
      ctx.addIssue({ code: "custom", path: ["targetUserId"], message: "must not be the absent user" });
    }
    dayRangeOk(b, ctx);
  })
  .meta({ id: "Coverage" });
export type CoverageBody = z.infer<typeof coverageBody>;
export type CoverageInput = z.input<typeof coverageBody>;

// ---- responses ----

export const userRef = z.object({ id: v.uuid, name: z.string(), email: z.string() });

export const handoffAppointmentResponse = bookingResponse
  .extend({
    from: userRef.meta({ description: "The previous host" }),
    to: userRef.meta({ description: "The new host" }),
    reason: z.string(),
    viaQueueId: v.uuid.nullable().meta({ description: "The queue whose routing picked the new host, if any" }),
  })
  .meta({ id: "HandoffAppointmentResult" });
export type HandoffAppointmentResponse = z.infer<typeof handoffAppointmentResponse>;

export const availableHandoffsResponse = z
  .object({
    appointmentId: v.uuid,
    start: isoString,
    end: isoString,
    currentHostId: v.uuid,
    users: z.array(
      z.object({
        userId: v.uuid,
        name: z.string(),
        email: z.string(),
        timeZone: z.string(),
        available: z.literal(true),
        queueMember: z.boolean().meta({ description: "Member of the booking's queue: its fairness count moves along" }),
      }),
    ),
    queues: z.array(
      z.object({
        queueId: v.uuid,
        name: z.string(),
        meetingTypeId: v.uuid,
        nextHost: z.object({ userId: v.uuid, name: z.string(), reason: z.string() }),
        eligibleHosts: z.number(),
      }),
    ),
    unavailable: z.array(z.object({ userId: v.uuid, name: z.string(), code: z.string(), reason: z.string() })),
  })
  .meta({ id: "AvailableHandoffs" });
export type AvailableHandoffsResponse = z.infer<typeof availableHandoffsResponse>;

export const handoffMove = z.object({
  appointmentId: v.uuid,
  start: isoString,
  fromUserId: v.uuid,
  toUserId: v.uuid,
  reason: z.string(),
});
export const handoffFailure = z.object({
  appointmentId: v.uuid,
  start: isoString,
  fromUserId: v.uuid,
  code: z
    .string()
    .meta({ description: "busy | on_exception | outside_working_hours | no_eligible_host | host_unavailable" }),
  reason: z.string(),
});
export const handoffSkip = z.object({
  appointmentId: v.uuid,
  start: isoString,
  fromUserId: v.uuid,
  code: z.string().meta({ description: "in_past | changed (cancelled or moved meanwhile)" }),
  reason: z.string(),
});

export const bulkHandoffResponse = z
  .object({
    dryRun: z.boolean(),
    range: z.object({ start: isoString, end: isoString, timeZone: z.string() }),
    handedOff: z.number().meta({ description: "Appointments moved (or, in a dry run, that would move)" }),
    moved: z.array(handoffMove),
    failed: z.array(handoffFailure).meta({ description: "Left untouched with their original host" }),
    skipped: z.array(handoffSkip),
  })
  .meta({ id: "BulkHandoffResult" });
export type BulkHandoffResponse = z.infer<typeof bulkHandoffResponse>;

export const coverageResponse = bulkHandoffResponse
  .extend({
    exception: exceptionResponse.extend({
      id: v.uuid.nullable().meta({ description: "null in a dry run (not created)" }),
      createdAt: isoString.nullable(),
    }),
    exceptionCreated: z
      .boolean()
      .meta({ description: "false in a dry run, or when the same exception already existed" }),
  })
  .meta({ id: "CoverageResult" });
export type CoverageResponse = z.infer<typeof coverageResponse>;
