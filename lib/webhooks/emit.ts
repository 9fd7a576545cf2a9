import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookSubscriptions } from "@/db/schema";
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
  const key = opts.orderingKey ?? null;
  // Event, deliveries and their outbox jobs in one statement: one round trip inside the caller's transaction.
  await tx.execute(sql`
    with ev as (
      insert into webhook_events (id, workspace_id, type, body, ordering_key, created_at)
      values (${id}::uuid, ${opts.workspaceId}::uuid, ${opts.type}, ${body}, ${key}, ${at.toISOString()}::timestamptz)
      returning id
    ), dl as (
      insert into webhook_deliveries (workspace_id, event_id, subscription_id)
      select ${opts.workspaceId}::uuid, ev.id, s.id
      from ev, (values ${sql.join(
        subs.map((s) => sql`(${s.id}::uuid)`),
        sql`, `,
      )}) as s(id)
      returning id, subscription_id
    )
    insert into outbox_jobs (kind, ordering_key, payload)
    select ${DELIVER_JOB},
           case when ${key}::text is null then null else 'webhook:' || dl.subscription_id || ':' || ${key}::text end,
           jsonb_build_object('deliveryId', dl.id)
    from dl`);
  return id;
}
