/** People and schedules on /v4: adding and changing users, their weekly hours and date overrides; new meeting types. */
import { z } from "zod";
import * as v from "@/lib/validation";
import { STRATEGY_NAMES } from "@/db/strategies";
import { dayRangesInput, updateUserInput, weeklyHoursInput } from "@/lib/people/manage-users";
import { overridesInput } from "@/lib/people/manage-schedules";
import { meetingTypeResponse } from "./directory";
import { queueResponse } from "./queues";
import { meetingTypeFields } from "@/lib/meeting-types/manage-meeting-types";

export const userParams = z.object({ userId: v.uuid });

const weekly = weeklyHoursInput.meta({
  description:
    "Weekly working hours in the person's own time zone: ISO weekday (1 = Monday … 7 = Sunday) and minutes after local midnight; several ranges per day, none overlapping. An empty list means no weekly hours (only overrides make the person bookable).",
});

export const userCreateBody = z
  .object({
    name: v.name,
    email: v.email,
    role: v.role.default("rep"),
    timeZone: v.timeZone.default("UTC").meta({ description: "IANA zone the person works in, e.g. Europe/Berlin" }),
    workingHours: weekly
      .optional()
      .meta({ description: "Weekly hours; default: the workspace's default hours (Mon–Fri 09:00–17:00)" }),
  })
  .strict()
  .meta({ id: "UserCreate" });
export type UserCreateBody = z.infer<typeof userCreateBody>;

export const userUpdateBody = updateUserInput
  .refine((b) => Object.keys(b).length > 0, "send at least one field")
  .meta({
    id: "UserUpdate",
    description:
      "Only the fields sent change. `active: false` deactivates the person: never routed to, cannot sign in or act through the API; their bookings stay until handed off.",
  });

export const dayRange = z.object({ startMinute: z.number().int(), endMinute: z.number().int() });
export const scheduleResponse = z
  .object({
    userId: v.uuid,
    timeZone: z.string().meta({ description: "The person's zone, in which all minutes are given" }),
    weekly: z.array(
      z.object({ weekday: z.number().int(), startMinute: z.number().int(), endMinute: z.number().int() }),
    ),
    overrides: z.array(z.object({ day: z.string(), ranges: z.array(dayRange) })),
  })
  .meta({ id: "Schedule" });

export const scheduleReplaceBody = z
  .object({
    weekly,
    overrides: overridesInput.optional().meta({
      description:
        "Date overrides (day in the person's zone, YYYY-MM-DD): that day's ranges replace the weekly hours; an empty list is a day off. When present, replaces every override; when absent, overrides stay as they are.",
    }),
  })
  .strict()
  .meta({ id: "ScheduleReplace" });
export { dayRangesInput };

export const meetingTypeCreateBody = z
  .object({ ...meetingTypeFields, strategy: z.enum(STRATEGY_NAMES).optional() })
  .strict()
  .meta({ id: "MeetingTypeCreate", description: "A meeting type and its (empty) routing queue" });

export const meetingTypeCreatedResponse = z
  .object({ meetingType: meetingTypeResponse, queue: queueResponse })
  .meta({ id: "MeetingTypeCreated" });
