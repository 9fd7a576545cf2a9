import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { webhookSubscriptions } from "@/db/schema";
import type { JobHandler } from "@/lib/outbox/types";
import { boundedTransaction } from "@/lib/outbox/bounded";
import type { WebhookEventType } from "./event-types";

export const DELIVER_JOB = "webhooks.deliver";
/** One job per event: the worker turns it into the event row, one delivery per subscription and their jobs. */
export const FANOUT_JOB = "webhooks.fanout";

export interface EmitOptions {
  workspaceId: string;
  type: WebhookEventType;
  /**
   * The event's `data`. Prefer a ready object: the event is then recorded with one statement. A
   * function is only called when some subscription wants the event, at the price of one more read.
   */
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
  /** Events with the same key reach each endpoint in the order they happened (e.g. the booking id). */
  orderingKey?: string | null;
  /** Only these subscriptions (a ping); default: every enabled subscription of the workspace to this type. */
  subscriptionIds?: string[];
  at?: Date;
}

/** What a fan-out job carries: the event exactly as it will be signed and sent. */
interface FanoutPayload {
  eventId: string;
  workspaceId: string;
  type: WebhookEventType;
  /** The body, serialized once here so every delivery signs the same bytes. */
  body: string;
  at: string;
  orderingKey: string | null;
}

const wanted = (workspaceId: string, type: string) =>
  sql`select 1 from webhook_subscriptions s
      where s.workspace_id = ${workspaceId}::uuid and s.enabled and ${type} = any(s.event_types)`;

/**
 * Records an event in the caller's transaction: a rolled-back change sends nothing, a committed one
 * is delivered even if this instance dies next.
 *
 * The caller's transaction (a booking holding its queue's lock) pays for one statement: a single
 * outbox row, written only when an enabled subscription of the workspace wants this type (the
 * same statement checks, so a workspace without webhooks pays one indexed read and nothing else).
 * However many subscriptions there are, the event row, the deliveries and their jobs are written
 * later by the outbox worker (the fan-out job below), outside the caller's transaction and locks.
 * Fan-out jobs of one ordering key run in order, so deliveries keep the order of the events.
 *
 * A ping (`subscriptionIds`) writes its event and delivery at once, so the caller can show it.
 */
export async function emitWebhookEvent(tx: DbOrTx, opts: EmitOptions): Promise<string | null> {
  if (opts.subscriptionIds) return emitDirect(tx, opts, opts.subscriptionIds);
  if (typeof opts.data === "function") {
    const any = rowsOf(await tx.execute(wanted(opts.workspaceId, opts.type)));
    if (any.length === 0) return null;
  }
  const data = typeof opts.data === "function" ? await opts.data() : opts.data;
  const job = fanoutJob({ ...opts, data });
  const inserted = await tx.execute(sql`
    insert into outbox_jobs (kind, ordering_key, payload)
    ${job.select}
    returning id`);
  return rowsOf(inserted).length > 0 ? job.eventId : null;
}

/**
 * The fan-out job of one event as `select kind, ordering_key, payload … where <someone subscribed>`,
 * for `insert into outbox_jobs (kind, ordering_key, payload)`. `from` names a relation the row
 * depends on (a routed booking's insert sends it in the same statement: lib/bookings/insert-routed-booking.ts),
 * so no job is written when that relation is empty.
 */
export function fanoutJob(
  opts: Pick<EmitOptions, "workspaceId" | "type" | "orderingKey" | "at"> & { data: Record<string, unknown> },
  from?: SQL,
): { eventId: string; select: SQL } {
  const eventId = randomUUID();
  const at = opts.at ?? new Date();
  const key = opts.orderingKey ?? null;
  const payload: FanoutPayload = {
    eventId,
    workspaceId: opts.workspaceId,
    type: opts.type,
    body: JSON.stringify({ type: opts.type, timestamp: at.toISOString(), data: opts.data }),
    at: at.toISOString(),
    orderingKey: key,
  };
  return {
    eventId,
    select: sql`select ${FANOUT_JOB}::text, ${key === null ? null : `webhook-event:${key}`}::text, ${JSON.stringify(payload)}::jsonb
    ${from ? sql`from ${from} ` : sql``}where exists (${wanted(opts.workspaceId, opts.type)})`,
  };
}

/** A ping: the event, its delivery and the delivery job at once, for the named subscriptions of the workspace. */
async function emitDirect(tx: DbOrTx, opts: EmitOptions, subscriptionIds: string[]): Promise<string | null> {
  const subs = await tx
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(
      and(eq(webhookSubscriptions.workspaceId, opts.workspaceId), inArray(webhookSubscriptions.id, subscriptionIds)),
    );
  if (subs.length === 0) return null;
  const id = randomUUID();
  const at = opts.at ?? new Date();
  const data = typeof opts.data === "function" ? await opts.data() : opts.data;
  await writeEvent(tx, {
    eventId: id,
    workspaceId: opts.workspaceId,
    type: opts.type,
    body: JSON.stringify({ type: opts.type, timestamp: at.toISOString(), data }),
    at: at.toISOString(),
    orderingKey: opts.orderingKey ?? null,
    subscriptions: sql`(values ${sql.join(
      subs.map((s) => sql`(${s.id}::uuid)`),
      sql`, `,
    )}) as s(id)`,
  });
  return id;
}

/**
 * The event row, one delivery per subscription and one delivery job each, in one statement. The
 * event id is the fan-out job's, so a fan-out run twice (its instance died before marking it done)
 * finds the event already there and writes nothing more.
 */
async function writeEvent(tx: DbOrTx, e: FanoutPayload & { subscriptions: ReturnType<typeof sql> }): Promise<number> {
  const r = await tx.execute(sql`
    with s as (select s.id from ${e.subscriptions}),
    ev as (
      insert into webhook_events (id, workspace_id, type, body, ordering_key, created_at)
      select ${e.eventId}::uuid, ${e.workspaceId}::uuid, ${e.type}, ${e.body}, ${e.orderingKey}, ${e.at}::timestamptz
      where exists (select 1 from s)
      on conflict (id) do nothing
      returning id
    ), dl as (
      insert into webhook_deliveries (workspace_id, event_id, subscription_id)
      select ${e.workspaceId}::uuid, ev.id, s.id from ev, s
      returning id, subscription_id
    )
    insert into outbox_jobs (kind, ordering_key, payload)
    select ${DELIVER_JOB},
           case when ${e.orderingKey}::text is null then null
                else 'webhook:' || dl.subscription_id || ':' || ${e.orderingKey}::text end,
           jsonb_build_object('deliveryId', dl.id)
    from dl
    returning id`);
  return rowsOf(r).length;
}

/**
 * The fan-out job: the workspace's enabled subscriptions to the event's type at this moment get a
 * delivery each. Runs in the outbox worker, in its own short bounded transaction.
 */
export const fanoutWebhookHandler: JobHandler = {
  async run(job, ctx) {
    const e = job.payload as unknown as FanoutPayload;
    await boundedTransaction(ctx.handle, (tx) =>
      writeEvent(tx, {
        ...e,
        subscriptions: sql`webhook_subscriptions s
          where s.workspace_id = ${e.workspaceId}::uuid and s.enabled and ${e.type} = any(s.event_types)`,
      }),
    );
  },
};
