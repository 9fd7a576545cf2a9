import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { listDeliveries } from "@/lib/webhooks/deliveries";
import { getSubscription } from "@/lib/webhooks/subscriptions";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import { StatusBadge } from "@/components/webhooks/status-badge";
import { WebhookActions } from "@/components/webhooks/webhook-actions";
import { formatDateTime } from "@/components/ui/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhook" };

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const load = async () => {
    try {
      return await Promise.all([
        getSubscription(viewer.db, viewer.workspaceId, id),
        listDeliveries(viewer.db, viewer.workspaceId, id, { limit: 50 }),
        viewer.timeZone,
      ]);
    } catch (e) {
      if (e instanceof AppError && e.status === 404) notFound();
      throw e;
    }
  };
  const [sub, log, tz] = await load();
  return (
    <div className="space-y-6">
      <div>
        <Link href="/webhooks" className="text-sm text-brand-700 underline">
          ← All webhooks
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h1 className="page-title min-w-0 break-all">{sub.url}</h1>
          <StatusBadge status={sub.enabled ? "active" : "disabled"} />
        </div>
        {sub.description && <p className="text-sm text-slate-600">{sub.description}</p>}
        <p className="mt-1 text-xs text-slate-500">
          Events: {sub.eventTypes.join(", ")}. Times in {tz}.
          {sub.previousSecretExpiresAt && (
            <> The previous secret also signs until {formatDateTime(sub.previousSecretExpiresAt, tz)}.</>
          )}
        </p>
        {!sub.enabled && sub.disabledReason && (
          <p className="mt-2 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800" role="status">
            Disabled{sub.disabledAt ? ` on ${formatDateTime(sub.disabledAt, tz)}` : ""}: {sub.disabledReason}. Fix the
            endpoint, send a test ping, then enable it again.
          </p>
        )}
      </div>
      <WebhookActions id={sub.id} url={sub.url} enabled={sub.enabled} afterDelete="/webhooks" />
      <section className="card" aria-labelledby="log-title">
        <div className="border-b border-slate-200 px-4 py-3">
          <h2 id="log-title" className="font-semibold">
            Delivery log
          </h2>
          <p className="text-xs text-slate-500">
            Failed deliveries are retried with growing pauses for 30 hours, always under the same webhook-id.
          </p>
        </div>
        <DeliveryLog subscriptionId={sub.id} deliveries={log.deliveries} timeZone={tz} />
      </section>
    </div>
  );
}
