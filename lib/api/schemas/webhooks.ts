import { z } from "zod";
import * as v from "@/lib/validation";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";
import { isoString, queryInt } from "./common";

export const webhookEventType = z.enum(WEBHOOK_EVENT_TYPES, {
  message: `must be one of ${WEBHOOK_EVENT_TYPES.join(", ")}`,
});
const webhookUrl = z.string().trim().min(1, "is required").max(2000).meta({
  description: "https URL that receives POSTs (plain http and private addresses only in development)",
  example: "https://example.com/baton-webhooks",
});
const eventTypes = z
  .array(webhookEventType)
  .min(1, "choose at least one event type")
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((list) => [...new Set(list)]);
const description = z.string().trim().max(200);

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

export const webhookDeliveryListQuery = z.object({
  limit: queryInt(1, 100).default(25),
  before: v.instant.optional().meta({ description: "Deliveries created before this instant (paging)" }),
});
export type WebhookDeliveryListQuery = z.infer<typeof webhookDeliveryListQuery>;

export const webhookDeliveryListResponse = z
  .object({ deliveries: z.array(webhookDeliveryResponse), nextBefore: isoString.nullable() })
  .meta({ id: "WebhookDeliveryList" });

export const webhookDeliveryParams = z.object({ id: v.uuid, deliveryId: v.uuid });
