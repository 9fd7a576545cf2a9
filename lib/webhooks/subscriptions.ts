/** Webhook subscriptions of a workspace: create (secret shown once), list, change, rotate the secret, delete. */
import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookSubscriptions, type WebhookSubscription } from "@/db/schema";
import { seal } from "@/lib/crypto/secret-box";
import { AppError, conflict, notFound } from "@/lib/errors";
import type {
  WebhookCreateBody,
  WebhookResponse,
  WebhookRotateBody,
  WebhookUpdateBody,
} from "@/lib/api/schemas/webhooks";
import { webhookConfig } from "./config";
import type { SubscribableEventType } from "./event-types";
import { generateSigningSecret } from "./signing";
import { webhookUrlProblem } from "./url-safety";

/** Enough for any real integration set, small enough that one event never fans out unboundedly. */
export const MAX_SUBSCRIPTIONS_PER_WORKSPACE = 25;

export interface WebhookCtx {
  workspaceId: string;
  actorUserId: string | null;
}

export function publicSubscription(row: WebhookSubscription): WebhookResponse {
  const overlap = row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date();
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes as SubscribableEventType[],
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    failingSince: row.failingSince?.toISOString() ?? null,
    consecutiveFailures: row.consecutiveFailures,
    previousSecretExpiresAt: overlap ? row.previousSecretExpiresAt!.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function checkUrl(url: string) {
  const problem = webhookUrlProblem(url, { allowInsecure: webhookConfig().allowInsecure });
  if (problem) {
    throw new AppError(400, "validation_failed", `The URL ${problem}`, [{ path: "url", message: problem }]);
  }
}

export async function getSubscriptionRow(db: DbOrTx, workspaceId: string, id: string): Promise<WebhookSubscription> {
  const [row] = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.workspaceId, workspaceId)));
  if (!row) throw notFound("Webhook", id);
  return row;
}

export async function createSubscription(db: DbOrTx, ctx: WebhookCtx, input: WebhookCreateBody) {
  checkUrl(input.url);
  const [{ n }] = await db
    .select({ n: count() })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.workspaceId, ctx.workspaceId));
  if (n >= MAX_SUBSCRIPTIONS_PER_WORKSPACE) {
    throw conflict(`A workspace can have at most ${MAX_SUBSCRIPTIONS_PER_WORKSPACE} webhooks; delete one first`);
  }
  const secret = generateSigningSecret();
  const [row] = await db
    .insert(webhookSubscriptions)
    .values({
      workspaceId: ctx.workspaceId,
      url: input.url,
      description: input.description,
      eventTypes: input.eventTypes,
      secretSealed: seal(secret),
      createdById: ctx.actorUserId,
    })
    .returning();
  return { ...publicSubscription(row), secret };
}

export async function listSubscriptions(db: DbOrTx, workspaceId: string): Promise<WebhookResponse[]> {
  const rows = await db
    .select()
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.workspaceId, workspaceId))
    .orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id));
  return rows.map(publicSubscription);
}

export async function getSubscription(db: DbOrTx, workspaceId: string, id: string): Promise<WebhookResponse> {
  return publicSubscription(await getSubscriptionRow(db, workspaceId, id));
}

export async function updateSubscription(db: DbOrTx, ctx: WebhookCtx, id: string, input: WebhookUpdateBody) {
  if (input.url !== undefined) checkUrl(input.url);
  await getSubscriptionRow(db, ctx.workspaceId, id);
  const reenable =
    input.enabled === true
      ? { disabledReason: null, disabledAt: null, failingSince: null, consecutiveFailures: 0 }
      : {};
  const disable = input.enabled === false ? { disabledReason: "Disabled by a manager", disabledAt: new Date() } : {};
  const [row] = await db
    .update(webhookSubscriptions)
    .set({
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: input.eventTypes } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...reenable,
      ...disable,
      updatedAt: new Date(),
    })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.workspaceId, ctx.workspaceId)))
    .returning();
  return publicSubscription(row);
}

/**
 * A new secret, shown once. The previous one keeps signing for `overlapHours` (both signatures in
 * webhook-signature), so receivers can switch without dropping a message.
 */
export async function rotateSubscriptionSecret(db: DbOrTx, ctx: WebhookCtx, id: string, input: WebhookRotateBody) {
  const current = await getSubscriptionRow(db, ctx.workspaceId, id);
  const secret = generateSigningSecret();
  const overlapMs = input.overlapHours * 3_600_000;
  const [row] = await db
    .update(webhookSubscriptions)
    .set({
      secretSealed: seal(secret),
      previousSecretSealed: overlapMs > 0 ? current.secretSealed : null,
      previousSecretExpiresAt: overlapMs > 0 ? new Date(Date.now() + overlapMs) : null,
      updatedAt: new Date(),
    })
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.workspaceId, ctx.workspaceId)))
    .returning();
  if (!row) throw notFound("Webhook", id);
  return { ...publicSubscription(row), secret };
}

/** Deleting drops its delivery log too; jobs still queued for it find nothing and finish. */
export async function deleteSubscription(db: DbOrTx, workspaceId: string, id: string) {
  const rows = await db
    .delete(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.workspaceId, workspaceId)))
    .returning({ id: webhookSubscriptions.id });
  if (rows.length === 0) throw notFound("Webhook", id);
  return { id, deleted: true as const };
}
