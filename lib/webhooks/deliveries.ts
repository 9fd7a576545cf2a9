/** The delivery log of a subscription, resending one delivery, and the test ping. */
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { webhookAttempts, webhookDeliveries, webhookEvents } from "@/db/schema";
import { transact } from "@/db/transaction";
import { notFound } from "@/lib/errors";
import { enqueue } from "@/lib/outbox/enqueue";
import {
  decodeDeliveryCursor,
  encodeDeliveryCursor,
  type WebhookDeliveryListQuery,
  type WebhookDeliveryResponse,
} from "@/lib/api/schemas/webhooks";
import { DELIVER_JOB, emitWebhookEvent } from "./emit";
import { getSubscriptionRow, type WebhookCtx } from "./subscriptions";
import type { WebhookActor } from "./event-types";

/** Attempts shown per delivery: the log is for diagnosis, the count says how many there were. */
const ATTEMPTS_SHOWN = 10;

async function present(
  db: DbOrTx,
  rows: { delivery: typeof webhookDeliveries.$inferSelect; type: string; body: string }[],
) {
  const ids = rows.map((r) => r.delivery.id);
  const attempts = ids.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, ids))
        .orderBy(desc(webhookAttempts.attemptedAt))
    : [];
  return rows.map(({ delivery: d, type, body }): WebhookDeliveryResponse => ({
    id: d.id,
    subscriptionId: d.subscriptionId,
    eventId: d.eventId,
    eventType: type,
    status: d.status,
    attempts: d.attempts,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    payload: JSON.parse(body),
    attemptLog: attempts
      .filter((a) => a.deliveryId === d.id)
      .slice(0, ATTEMPTS_SHOWN)
      .map((a) => ({
        id: a.id,
        attemptedAt: a.attemptedAt.toISOString(),
        statusCode: a.statusCode,
        latencyMs: a.latencyMs,
        responseBody: a.responseBody,
        error: a.error,
      })),
  }));
}

const deliveryColumns = { delivery: webhookDeliveries, type: webhookEvents.type, body: webhookEvents.body };

/** Newest first, paged by a keyset on (createdAt, id) at the database's microsecond precision. */
export async function listDeliveries(
  db: DbOrTx,
  workspaceId: string,
  subscriptionId: string,
  q: WebhookDeliveryListQuery,
) {
  await getSubscriptionRow(db, workspaceId, subscriptionId);
  const after = q.cursor ? decodeDeliveryCursor(q.cursor) : null;
  const rows = await db
    .select({
      ...deliveryColumns,
      micros: sql<string>`(extract(epoch from ${webhookDeliveries.createdAt}) * 1000000)::bigint::text`,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        after
          ? sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < ('epoch'::timestamptz + ${after.micros}::bigint * interval '1 microsecond', ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    deliveries: await present(db, page),
    nextCursor:
      rows.length > q.limit && last ? encodeDeliveryCursor({ micros: last.micros, id: last.delivery.id }) : null,
  };
}

export async function getDelivery(db: DbOrTx, workspaceId: string, subscriptionId: string, deliveryId: string) {
  const rows = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.id, deliveryId),
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        eq(webhookDeliveries.workspaceId, workspaceId),
      ),
    );
  if (rows.length === 0) throw notFound("Delivery", deliveryId);
  return (await present(db, rows))[0];
}

/**
 * Sends one delivery again, with the same webhook-id (receivers that already processed it can
 * drop it as a duplicate), even when it succeeded before or the subscription is disabled.
 */
export async function resendDelivery(db: Db, workspaceId: string, subscriptionId: string, deliveryId: string) {
  await transact(db, async (tx) => {
    const [d] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", lastError: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(webhookDeliveries.id, deliveryId),
          eq(webhookDeliveries.subscriptionId, subscriptionId),
          eq(webhookDeliveries.workspaceId, workspaceId),
        ),
      )
      .returning({ id: webhookDeliveries.id });
    if (!d) throw notFound("Delivery", deliveryId);
    await enqueue(tx, { kind: DELIVER_JOB, payload: { deliveryId, manual: true } });
  });
  return getDelivery(db, workspaceId, subscriptionId, deliveryId);
}

/** A `ping` to one subscription (disabled ones too: it is how a manager checks a fixed endpoint). */
export async function sendPing(db: Db, ctx: WebhookCtx & { actor: WebhookActor }, subscriptionId: string) {
  const eventId = await transact(db, async (tx) => {
    await getSubscriptionRow(tx, ctx.workspaceId, subscriptionId);
    return emitWebhookEvent(tx, {
      workspaceId: ctx.workspaceId,
      type: "ping",
      data: { subscriptionId, actor: ctx.actor, message: "Test message from Baton" },
      subscriptionIds: [subscriptionId],
    });
  });
  const [row] = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.eventId, eventId!), eq(webhookDeliveries.subscriptionId, subscriptionId)));
  return getDelivery(db, ctx.workspaceId, subscriptionId, row.id);
}

/** Keeps the delivery log for 30 days (events cascade to deliveries and attempts). */
export async function pruneWebhookLog(db: DbOrTx, olderThanMs = 30 * 24 * 3_600_000) {
  await db.delete(webhookEvents).where(
    inArray(
      webhookEvents.id,
      db
        .select({ id: webhookEvents.id })
        .from(webhookEvents)
        .where(lt(webhookEvents.createdAt, sql`now() - (${olderThanMs} * interval '1 millisecond')`))
        .limit(1000),
    ),
  );
}
