/**
 * The outbox handler that delivers one webhook: signs the stored body (same webhook-id on every
 * attempt, fresh timestamp), POSTs it, logs the attempt, and keeps the subscription's health:
 * 2xx succeeds, 410 Gone disables the subscription, anything else is retried with backoff until
 * the delivery is 30 h old; a subscription failing for 24 h without a success is disabled with a reason.
 */
import { and, eq, isNotNull, ne, or, sql } from "drizzle-orm";
import type { OutboxJob } from "@/db/schema";
import { webhookAttempts, webhookDeliveries, webhookEvents, webhookSubscriptions } from "@/db/schema";
import { open as openSealed } from "@/lib/crypto/secret-box";
import { boundedTransaction } from "@/lib/outbox/bounded";
import { RetryJobError, type JobContext, type JobHandler } from "@/lib/outbox/types";
import { WEBHOOK_MAX_AGE_MS, webhookConfig } from "./config";
import { sendWebhook, type SendResult } from "./send";
import { signWebhook } from "./signing";

interface DeliverPayload {
  deliveryId: string;
  /** A manager's resend: sent even if the subscription is disabled or the delivery already succeeded. */
  manual?: boolean;
}

async function loadDelivery(ctx: JobContext, deliveryId: string) {
  const [row] = await ctx.handle.db
    .select({ delivery: webhookDeliveries, event: webhookEvents, subscription: webhookSubscriptions })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
    .where(eq(webhookDeliveries.id, deliveryId));
  return row;
}

function outcomeOf(r: SendResult): string {
  if (r.statusCode === null) return r.error ?? "No response";
  return `HTTP ${r.statusCode}`;
}

async function deliver(job: OutboxJob, ctx: JobContext): Promise<void> {
  const { deliveryId, manual = false } = job.payload as unknown as DeliverPayload;
  const row = await loadDelivery(ctx, deliveryId);
  if (!row) return; // the subscription (and its log) was deleted meanwhile
  const { delivery, event, subscription } = row;
  if (!manual && delivery.status === "succeeded") return;
  if (!manual && !subscription.enabled && event.type !== "ping") {
    await ctx.handle.db
      .update(webhookDeliveries)
      .set({ status: "failed", lastError: "Not sent: the webhook is disabled", updatedAt: sql`now()` })
      .where(eq(webhookDeliveries.id, delivery.id));
    return;
  }

  const config = webhookConfig();
  const secrets = [openSealed(subscription.secretSealed)];
  if (
    subscription.previousSecretSealed &&
    subscription.previousSecretExpiresAt &&
    subscription.previousSecretExpiresAt > new Date()
  ) {
    secrets.push(openSealed(subscription.previousSecretSealed));
  }
  const headers = signWebhook({ id: event.id, body: event.body, secrets });
  const result = await sendWebhook({
    url: subscription.url,
    body: event.body,
    headers: { ...headers },
    timeoutMs: config.timeoutMs,
    responseLimitBytes: config.responseLimitBytes,
    allowInsecure: config.allowInsecure,
    signal: ctx.signal,
  });
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const gone = result.statusCode === 410;

  const disabled = await boundedTransaction(ctx.handle, async (tx) => {
    await tx.insert(webhookAttempts).values({
      deliveryId: delivery.id,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      responseBody: result.responseBody,
      error: result.error,
    });
    await tx
      .update(webhookDeliveries)
      .set({
        status: ok ? "succeeded" : gone ? "failed" : "pending",
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        lastAttemptAt: sql`now()`,
        lastStatusCode: result.statusCode,
        lastError: ok ? null : outcomeOf(result),
        updatedAt: sql`now()`,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (ok) {
      // Only a recovering subscription is written: healthy ones stay untouched (no hot row under load).
      await tx
        .update(webhookSubscriptions)
        .set({ failingSince: null, consecutiveFailures: 0 })
        .where(
          and(
            eq(webhookSubscriptions.id, subscription.id),
            or(isNotNull(webhookSubscriptions.failingSince), ne(webhookSubscriptions.consecutiveFailures, 0)),
          ),
        );
      return false;
    }
    if (gone) {
      await tx
        .update(webhookSubscriptions)
        .set({
          enabled: false,
          disabledAt: sql`now()`,
          disabledReason: "The endpoint answered 410 Gone, which asks senders to stop",
          updatedAt: sql`now()`,
        })
        .where(eq(webhookSubscriptions.id, subscription.id));
      return true;
    }
    const [health] = await tx
      .update(webhookSubscriptions)
      .set({
        consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1`,
        failingSince: sql`coalesce(${webhookSubscriptions.failingSince}, now())`,
      })
      .where(eq(webhookSubscriptions.id, subscription.id))
      .returning({
        failures: webhookSubscriptions.consecutiveFailures,
        failingForMs: sql<number>`(extract(epoch from now() - ${webhookSubscriptions.failingSince}) * 1000)::float8`,
        enabled: webhookSubscriptions.enabled,
      });
    if (
      health?.enabled &&
      health.failures >= config.disableAfterFailures &&
      Number(health.failingForMs) >= config.disableAfterMs
    ) {
      const hours = Math.round(Number(health.failingForMs) / 3_600_000);
      await tx
        .update(webhookSubscriptions)
        .set({
          enabled: false,
          disabledAt: sql`now()`,
          disabledReason: `Every delivery failed for ${hours} hours (${health.failures} attempts in a row; last: ${outcomeOf(result)})`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(webhookSubscriptions.id, subscription.id), eq(webhookSubscriptions.enabled, true)));
      await tx.update(webhookDeliveries).set({ status: "failed" }).where(eq(webhookDeliveries.id, delivery.id));
      return true;
    }
    return false;
  });
  if (ok || gone || disabled) return;
  throw new RetryJobError(outcomeOf(result));
}

export const deliverWebhookHandler: JobHandler = {
  run: deliver,
  maxAgeMs: WEBHOOK_MAX_AGE_MS,
  async onDead(job, ctx) {
    const { deliveryId } = job.payload as unknown as DeliverPayload;
    await ctx.handle.db
      .update(webhookDeliveries)
      .set({ status: "failed", updatedAt: sql`now()` })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "pending")));
  },
};
