import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDeliveries, webhookEvents, webhookSubscriptions } from "@/db/schema";
import { enqueue } from "@/lib/outbox/enqueue";
import type { WebhookEventType } from "./event-types";

export const DELIVER_JOB = "webhooks.deliver";

export interface EmitOptions {
  workspaceId: string;
  type: WebhookEventType;
  /** The event's `data`; a function is only called when some subscription wants the event. */
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
  /** Events with the same key reach each endpoint in the order they happened (e.g. the booking id). */
  orderingKey?: string | null;
  /** Only these subscriptions (a ping); default: every enabled subscription of the workspace to this type. */
  subscriptionIds?: string[];
  at?: Date;
}

/**
 * Records an event and one delivery job per subscribed endpoint, in the caller's transaction:
 * a rolled-back change sends nothing, a committed one is delivered even if this instance dies next.
 * Nothing is written when no enabled subscription wants the event, so workspaces without
 * webhooks pay one indexed read. Delivery happens later in the outbox worker; the caller never waits on it.
 */
export async function emitWebhookEvent(tx: DbOrTx, opts: EmitOptions): Promise<string | null> {
  const subs = await tx
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(
        eq(webhookSubscriptions.workspaceId, opts.workspaceId),
        opts.subscriptionIds
          ? inArray(webhookSubscriptions.id, opts.subscriptionIds)
          : and(eq(webhookSubscriptions.enabled, true), sql`${opts.type} = any(${webhookSubscriptions.eventTypes})`),
      ),
    );
  if (subs.length === 0) return null;
  const id = randomUUID();
  const at = opts.at ?? new Date();
  const data = typeof opts.data === "function" ? await opts.data() : opts.data;
  const body = JSON.stringify({ type: opts.type, timestamp: at.toISOString(), data });
  await tx.insert(webhookEvents).values({
    id,
    workspaceId: opts.workspaceId,
    type: opts.type,
    body,
    orderingKey: opts.orderingKey ?? null,
    createdAt: at,
  });
  const deliveries = subs.map((s) => ({
    id: randomUUID(),
    workspaceId: opts.workspaceId,
    eventId: id,
    subscriptionId: s.id,
  }));
  await tx.insert(webhookDeliveries).values(deliveries);
  await enqueue(
    tx,
    deliveries.map((d) => ({
      kind: DELIVER_JOB,
      payload: { deliveryId: d.id },
      orderingKey: opts.orderingKey ? `webhook:${d.subscriptionId}:${opts.orderingKey}` : null,
    })),
  );
  return id;
}
