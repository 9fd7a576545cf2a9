import { z } from "zod";
import * as v from "@/lib/validation";
import { isoString } from "./common";

export const MAX_RANGE_DAYS = 62;

export const availabilityQuery = z
  .object({
    meetingTypeId: v.uuid,
    start: v.dayOrInstant.meta({ description: "Day (in `timezone`) or ISO date-time" }),
    end: v.dayOrInstant.meta({ description: "Day (inclusive, in `timezone`) or ISO date-time" }),
    queueId: v.uuid.optional(),
    timezone: v.timeZone.optional().meta({ description: "Zone for day-only start/end; default the workspace's" }),
    hosts: z
      .enum(["count", "ids"])
      .optional()
      .meta({
        description:
          "`count` (default): each slot with its number of free hosts, `availableHosts`, counted rather than ranked " +
          "(up to 6 million slot × host checks: 300 hosts for 62 days of 5-minute slots); " +
          "`ids`: each slot also lists its eligible hosts in routing order in `hostIds`, a much larger response " +
          "(up to 200,000 checks per request). A larger request is a 400 naming the limit and a range that fits.",
      }),
  })
  .meta({ id: "BookingAvailabilityQuery" });
export type AvailabilityQuery = z.infer<typeof availabilityQuery>;

export const availableSlot = z.object({
  start: isoString,
  end: isoString,
  hostIds: z.array(v.uuid).optional().meta({ description: "Eligible hosts, in routing order (only with hosts=ids)" }),
  availableHosts: z.number().int(),
});
export const availabilityResponse = z
  .object({
    meetingTypeId: v.uuid,
    queueId: v.uuid.nullable(),
    timeZone: z.string(),
    start: isoString,
    end: isoString,
    availableSlots: z.array(availableSlot),
  })
  .meta({ id: "BookingAvailability" });
export type AvailabilityResponse = z.infer<typeof availabilityResponse>;
