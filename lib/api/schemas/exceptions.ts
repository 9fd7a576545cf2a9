import { z } from "zod";
import * as v from "@/lib/validation";
import { isoString } from "./common";

export const exceptionCreateBody = z
  .object({
    startDate: v.dayOrInstant.meta({ description: "First day (user's time zone) or ISO date-time" }),
    endDate: v.dayOrInstant.meta({ description: "Last day, inclusive, or ISO date-time" }),
    isAvailable: z.boolean().default(false),
    name: v.name.default("Unavailable"),
  })
  .meta({ id: "AvailabilityExceptionCreate" });
export type ExceptionCreateBody = z.infer<typeof exceptionCreateBody>;

export const exceptionListQuery = z.object({ userId: v.uuid.optional() });

export const exceptionResponse = z
  .object({
    id: v.uuid,
    userId: v.uuid,
    name: z.string(),
    isAvailable: z.boolean(),
    startsAt: isoString,
    endsAt: isoString,
    createdAt: isoString,
  })
  .meta({ id: "AvailabilityException" });
export type ExceptionResponse = z.infer<typeof exceptionResponse>;
