import { z } from "zod";
import * as v from "@/lib/validation";
import { EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/webhooks/event-types";
import { bookingResponse } from "./bookings";
import { isoString, queryInt } from "./common";
import { exceptionResponse } from "./exceptions";
import { bulkHandoffResponse } from "./handoff";
import { queueResponse } from "./queues";

export const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES, {
  message: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}`,
});
const webhookUrl = v.plainText(2000).min(1, "is required").meta({
  format: "uri",
  description: "https URL that receives POSTs (plain http and private addresses only in development)",
  example: "https://example.com/baton-webhooks",
});
const eventTypes = z
  .array(webhookEventType)
  .min(1, "choose at least one event type")
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((list) => [...new Set(list)]);
const description = v.plainText(200);

export const webhookCreateBody = z
  .object({ url: webhookUrl, eventTypes, description: description.default("") })
  .meta({ id: "WebhookCreate" });
export type WebhookCreateBody = z.infer<typeof webhookCreateBody>;

export const webhookUpdateBody = z
  .object({
    url: webhookUrl.optional(),
    eventTypes: eventTypes.optional(),
    description: description.optional(),
    enabled: z
      .boolean()
      .optional()
      .meta({ description: "true re-enables a disabled subscription and clears its reason" }),
  })
  .refine((b) => Object.values(b).some((x) => x !== undefined), { message: "send at least one field to change" })
  .meta({ id: "WebhookUpdate" });
export type WebhookUpdateBody = z.infer<typeof webhookUpdateBody>;

export const webhookRotateBody = z
  .object({
    overlapHours: z
      .number()
      .min(0)
      .max(168)
      .default(24)
      .meta({ description: "How long the previous secret keeps signing too (both signatures are sent)" }),
  })
  .meta({ id: "WebhookRotateSecret" });
export type WebhookRotateBody = z.infer<typeof webhookRotateBody>;

export const webhookResponse = z
  .object({
    id: v.uuid,
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(webhookEventType),
    enabled: z.boolean(),
    disabledReason: z
      .string()
      .nullable()
      .meta({ description: "Why Baton disabled it (410 Gone, a long run of failures)" }),
    disabledAt: isoString.nullable(),
    failingSince: isoString.nullable(),
    consecutiveFailures: z.number(),
    previousSecretExpiresAt: isoString
      .nullable()
      .meta({ description: "Until then the secret before the last rotation signs too" }),
    createdAt: isoString,
    updatedAt: isoString,
  })
  .meta({ id: "Webhook" });
export type WebhookResponse = z.infer<typeof webhookResponse>;

export const webhookWithSecretResponse = webhookResponse
  .extend({ secret: z.string().meta({ description: "Signing secret (whsec_…). Shown only in this response." }) })
  .meta({ id: "WebhookWithSecret" });

export const webhookListResponse = z.object({ webhooks: z.array(webhookResponse) }).meta({ id: "WebhookList" });

export const webhookAttemptResponse = z
  .object({
    id: v.uuid,
    attemptedAt: isoString,
    statusCode: z.number().nullable(),
    latencyMs: z.number(),
    responseBody: z.string().nullable().meta({ description: "First 4 KB of the response" }),
    error: z.string().nullable(),
  })
  .meta({ id: "WebhookAttempt" });

export const webhookDeliveryResponse = z
  .object({
    id: v.uuid,
    subscriptionId: v.uuid,
    eventId: v.uuid.meta({ description: "The webhook-id header of every attempt" }),
    eventType: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number(),
    lastAttemptAt: isoString.nullable(),
    lastStatusCode: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: isoString,
    payload: z.unknown().meta({ description: "The body sent" }),
    attemptLog: z.array(webhookAttemptResponse),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDeliveryResponse = z.infer<typeof webhookDeliveryResponse>;

/**
 * The nextCursor of a delivery log page: base64url of [created_at in microseconds since 1970 (the
 * database's full precision, as a string), delivery id]. Pages are a keyset on (createdAt, id), so
 * deliveries created in the same instant are neither skipped nor repeated, and new ones do not shift pages.
 */
export const encodeDeliveryCursor = (c: { micros: string; id: string }) =>
  Buffer.from(JSON.stringify([c.micros, c.id])).toString("base64url");
const deliveryCursorContent = z
  .tuple([z.string().regex(/^\d{1,16}$/), v.uuid])
  .transform(([micros, id]) => ({ micros, id }));
/** A cursor decoded, or null when it is not one Baton wrote. */
export function decodeDeliveryCursor(cursor: string): { micros: string; id: string } | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    return null;
  }
  const r = deliveryCursorContent.safeParse(json);
  return r.success ? r.data : null;
}

export const webhookDeliveryListQuery = z.object({
  limit: queryInt(1, 100).default(25),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, "is not a cursor from a previous page")
    .refine((c) => decodeDeliveryCursor(c) !== null, "is not a cursor from a previous page")
    .optional()
    .meta({ description: "nextCursor of the previous page (newest first)" }),
});
export type WebhookDeliveryListQuery = z.infer<typeof webhookDeliveryListQuery>;

export const webhookDeliveryListResponse = z
  .object({
    deliveries: z.array(webhookDeliveryResponse),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
  })
  .meta({ id: "WebhookDeliveryList" });

export const webhookDeliveryParams = z.object({ id: v.uuid, deliveryId: v.uuid });

// ---- Payloads sent to subscribers (the OpenAPI `webhooks` section; tests parse what arrives with these) ----

const webhookActor = z
  .object({
    type: z.enum(["user", "api_key", "system"]),
    id: v.uuid.nullable().meta({ description: "The user (dashboard or the API key's x-meetergo-api-user-id)" }),
  })
  .meta({ id: "WebhookActor", description: "Who made the change" });
const reason = z.string().nullable().meta({ description: "The routing or handoff reason, in plain words" });
const bookingData = z.object({ booking: bookingResponse, reason, actor: webhookActor });
const handedOffData = bookingData.extend({
  fromUserId: v.uuid,
  toUserId: v.uuid,
  viaQueueId: v.uuid.nullable().meta({ description: "The queue whose routing picked the new host" }),
  bulk: z.boolean().meta({ description: "Part of a bulk handoff or vacation coverage run" }),
});
const bulkData = z.object({
  handoff: bulkHandoffResponse.extend({
    kind: z.enum(["bulk", "coverage"]),
    fromUserIds: z.array(v.uuid),
    target: z.object({ type: z.enum(["user", "queue"]), id: v.uuid }),
  }),
  reason,
  actor: webhookActor,
});
const queueData = z.object({
  queue: queueResponse,
  reason,
  actor: webhookActor,
  changes: z.record(z.string(), z.unknown()).optional(),
});
const exceptionData = z.object({ exception: exceptionResponse, reason, actor: webhookActor });
const pingData = z.object({ subscriptionId: v.uuid, actor: webhookActor, message: z.string() });

const DATA: Record<WebhookEventType, z.ZodType> = {
  "booking.routed": bookingData,
  "booking.forced": bookingData,
  "booking.cancelled": bookingData,
  "booking.handed_off": handedOffData,
  "handoff.bulk_completed": bulkData,
  "queue.updated": queueData,
  "availability_exception.created": exceptionData,
  "availability_exception.deleted": exceptionData,
  ping: pingData,
};

const pascal = (t: string) => t.replace(/(^|[._])(\w)/g, (_m, _s, c: string) => c.toUpperCase());

/** The body of each event: { type, timestamp, data }. */
export const webhookPayloads = Object.fromEntries(
  (Object.keys(DATA) as WebhookEventType[]).map((type) => [
    type,
    z
      .object({
        type: z.literal(type),
        timestamp: isoString.meta({ description: "When the change happened" }),
        data: DATA[type],
      })
      .meta({ id: `${pascal(type)}Event`, description: EVENT_DESCRIPTIONS[type] }),
  ]),
) as unknown as Record<WebhookEventType, z.ZodType>;
