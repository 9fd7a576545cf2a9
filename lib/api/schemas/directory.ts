import { z } from "zod";
import * as v from "@/lib/validation";
import { isoString } from "./common";

/** Response shapes of GET /v4/meeting-type and GET /v4/user (rows of meeting_types and users, minus secrets). */
export const meetingTypeResponse = z
  .object({
    id: v.uuid,
    workspaceId: v.uuid,
    name: z.string(),
    slug: z.string(),
    durationMinutes: z.number().int(),
    slotIntervalMinutes: z.number().int(),
    bufferBeforeMinutes: z.number().int(),
    bufferAfterMinutes: z.number().int(),
    minimumNoticeMinutes: z.number().int(),
    createdAt: isoString,
  })
  .meta({ id: "MeetingType" });

export const userResponse = z
  .object({
    id: v.uuid,
    workspaceId: v.uuid,
    name: z.string(),
    email: z.string(),
    role: v.role,
    timeZone: z.string(),
    active: z.boolean().meta({ description: "false once deactivated: never routed to, cannot sign in" }),
    deactivatedAt: isoString.nullable(),
    createdAt: isoString,
  })
  .meta({ id: "User" });
