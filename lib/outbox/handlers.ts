/**
 * Every kind of outbox job and its handler, in one place. Calendar write-back registers its
 * kinds here too (e.g. "calendar.write"), so one worker per instance serves all of them.
 */
import type { DbHandle } from "@/db/client";
import { deliverWebhookHandler } from "@/lib/webhooks/deliver";
import { pruneWebhookLog } from "@/lib/webhooks/deliveries";
import { DELIVER_JOB, FANOUT_JOB, fanoutWebhookHandler } from "@/lib/webhooks/emit";
import type { JobHandlers } from "./types";

export const outboxHandlers: JobHandlers = {
  [FANOUT_JOB]: fanoutWebhookHandler,
  [DELIVER_JOB]: deliverWebhookHandler,
};

export const outboxMaintenance: Array<(handle: Pick<DbHandle, "db" | "kind">) => Promise<void>> = [
  (h) => pruneWebhookLog(h.db),
];
