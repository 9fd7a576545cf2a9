"use server";
/** Webhook subscriptions from the dashboard: the same use cases and schemas as /v4/webhook. Managers only. */
import { z } from "zod";
import { MANAGER_ROLES } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import * as v from "@/lib/validation";
import { webhookCreateBody, webhookRotateBody } from "@/lib/api/schemas/webhooks";
import { resendDelivery, sendPing } from "@/lib/webhooks/deliveries";
import { userActor } from "@/lib/webhooks/emit-domain-events";
import {
  createSubscription,
  deleteSubscription,
  rotateSubscriptionSecret,
  updateSubscription,
} from "@/lib/webhooks/subscriptions";

export async function createWebhookAction(input: z.input<typeof webhookCreateBody>) {
  return runAction(MANAGER_ROLES, webhookCreateBody, input, (viewer, i) =>
    createSubscription(viewer.db, { workspaceId: viewer.workspaceId, actorUserId: viewer.user.id }, i),
  );
}

const ref = z.object({ id: v.uuid });
const toggle = ref.extend({ enabled: z.boolean() });
export async function setWebhookEnabledAction(input: z.input<typeof toggle>) {
  return runAction(MANAGER_ROLES, toggle, input, (viewer, i) =>
    updateSubscription(viewer.db, { workspaceId: viewer.workspaceId, actorUserId: viewer.user.id }, i.id, {
      enabled: i.enabled,
    }),
  );
}

const rotate = ref.and(webhookRotateBody);
export async function rotateWebhookSecretAction(input: z.input<typeof rotate>) {
  return runAction(MANAGER_ROLES, rotate, input, (viewer, i) =>
    rotateSubscriptionSecret(viewer.db, { workspaceId: viewer.workspaceId, actorUserId: viewer.user.id }, i.id, i),
  );
}

export async function deleteWebhookAction(input: z.input<typeof ref>) {
  return runAction(MANAGER_ROLES, ref, input, (viewer, i) => deleteSubscription(viewer.db, viewer.workspaceId, i.id));
}

export async function pingWebhookAction(input: z.input<typeof ref>) {
  return runAction(MANAGER_ROLES, ref, input, async (viewer, i) => {
    const d = await sendPing(
      viewer.db,
      { workspaceId: viewer.workspaceId, actorUserId: viewer.user.id, actor: userActor(viewer.user.id) },
      i.id,
    );
    return { id: d.id };
  });
}

const deliveryRef = z.object({ id: v.uuid, deliveryId: v.uuid });
export async function resendDeliveryAction(input: z.input<typeof deliveryRef>) {
  return runAction(MANAGER_ROLES, deliveryRef, input, async (viewer, i) => {
    const d = await resendDelivery(viewer.db, viewer.workspaceId, i.id, i.deliveryId);
    return { id: d.id };
  });
}
