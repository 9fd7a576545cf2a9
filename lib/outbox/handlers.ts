/**
 * Every kind of outbox job and its handler, in one place. Calendar write-back registers its
 * kinds here too ("calendar.booking"), so one worker per instance serves all of them.
 */
import type { DbHandle } from "@/db/client";
import { deliverWebhookHandler } from "@/lib/webhooks/deliver";
import { pruneWebhookLog } from "@/lib/webhooks/deliveries";
import { DELIVER_JOB, FANOUT_JOB, fanoutWebhookHandler } from "@/lib/webhooks/emit";
import { CALENDAR_WRITE_JOB, writeBookingEventHandler } from "@/lib/calendars/write-booking-event";
import type { JobHandlers } from "./types";

export const outboxHandlers: JobHandlers = {
  [FANOUT_JOB]: fanoutWebhookHandler,
  [DELIVER_JOB]: deliverWebhookHandler,
  [CALENDAR_WRITE_JOB]: writeBookingEventHandler,
};

export const outboxMaintenance: Array<(handle: Pick<DbHandle, "db" | "kind">) => Promise<void>> = [
  (h) => pruneWebhookLog(h.db),
];
