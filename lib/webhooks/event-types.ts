/** The events Baton sends, in one place: subscriptions, emission, the API and the OpenAPI read this list. */
export const WEBHOOK_EVENT_TYPES = [
  "booking.routed",
  "booking.forced",
  "booking.cancelled",
  "booking.handed_off",
  "handoff.bulk_completed",
  "queue.updated",
  "availability_exception.created",
  "availability_exception.deleted",
] as const;
export type SubscribableEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** `ping` is sent on request to one subscription, whatever it subscribes to. */
export type WebhookEventType = SubscribableEventType | "ping";

export const EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  "booking.routed": "A booking was routed to a host by its queue",
  "booking.forced": "A booking was made for a named host (hostIds)",
  "booking.cancelled": "A booking was cancelled",
  "booking.handed_off": "A booking moved to another host",
  "handoff.bulk_completed": "A bulk handoff or vacation coverage run finished",
  "queue.updated": "A queue's strategy, fairness window, weights, caps or priority groups changed",
  "availability_exception.created": "An availability exception (absence) was recorded",
  "availability_exception.deleted": "An availability exception was removed",
  ping: "A test message sent from the dashboard or POST /v4/webhook/{id}/ping",
};

/** Who caused an event: a person (through the dashboard or an API key acting for them) or Baton itself. */
export interface WebhookActor {
  type: "user" | "api_key" | "system";
  id: string | null;
  name?: string | null;
}
