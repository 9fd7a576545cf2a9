import { z } from "zod";
import * as v from "@/lib/validation";
import { isoString } from "./common";

const address = v
  .plainText(2000)
  .min(1, "Enter the address")
  .refine((s) => /^(https?|webcals?):\/\//i.test(s) && URL.canParse(s.replace(/^webcals?:/i, "https:")), {
    message: "Enter a full address starting with https://",
  });
const calendarUrl = v.plainText(2000).meta({ format: "uri", description: "A calendar collection on the server" });
const forUser = v.uuid.optional().meta({ description: "Whose calendar; default: the x-meetergo-api-user-id user" });

export const calendarConnectBody = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("caldav"),
      userId: forUser,
      serverUrl: address.meta({ format: "uri", description: "CalDAV server, e.g. https://caldav.fastmail.com/" }),
      username: v.plainText(320).min(1, "Enter the username"),
      password: z
        .string()
        .min(1, "Enter the app password")
        .max(1000)
        .meta({ description: "An app password; stored encrypted, never returned", format: "password" }),
      calendarUrls: z
        .array(calendarUrl)
        .max(50)
        .optional()
        .meta({ description: "Calendars that count as busy; default all" }),
      writeCalendarUrl: calendarUrl
        .nullable()
        .optional()
        .meta({ description: "Where bookings are written; default the first calendar, null = read only" }),
    }),
    z.object({
      kind: z.literal("ics"),
      userId: forUser,
      url: address.meta({
        format: "uri",
        description: "The feed's secret address (Google, Outlook); stored encrypted, only its host is returned",
      }),
    }),
  ])
  .meta({ id: "CalendarConnect" });
export type CalendarConnectBody = z.infer<typeof calendarConnectBody>;

export const calendarListQuery = z.object({ userId: forUser });

export const calendarConnectionResponse = z
  .object({
    id: v.uuid,
    userId: v.uuid,
    kind: z.enum(["caldav", "ics"]),
    url: z.string().meta({ description: "The CalDAV server, or only the host of a feed" }),
    username: z.string().nullable(),
    calendarUrls: z.array(z.string()),
    writeCalendarUrl: z.string().nullable(),
    enabled: z.boolean(),
    lastSyncedAt: isoString.nullable(),
    lastError: z.string().nullable().meta({ description: "Why the last sync failed, in plain words" }),
    stale: z.boolean().meta({ description: "No successful sync for over an hour; routing keeps the last busy times" }),
  })
  .meta({ id: "CalendarConnection" });

export const calendarListResponse = z.object({ calendars: z.array(calendarConnectionResponse) });

export const calendarRefreshResponse = z
  .object({
    outcome: z.enum(["synced", "failed", "already_syncing"]),
    message: z.string().nullable().meta({ description: "Why it failed, in plain words" }),
    calendar: calendarConnectionResponse,
  })
  .meta({ id: "CalendarRefresh" });
