import type { Metadata } from "next";
import Link from "next/link";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { listSubscriptions } from "@/lib/webhooks/subscriptions";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { StatusBadge } from "@/components/webhooks/status-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const [subs, tz] = await Promise.all([listSubscriptions(viewer.db, viewer.workspaceId), viewer.timeZone]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">Webhooks</h1>
        <p className="text-sm text-slate-500">
          Tell your CRM or chat tool the moment a lead is routed, handed off or cancelled. Times in {tz}.
        </p>
      </div>
      <section className="card" aria-labelledby="subs-title">
        <div className="border-b border-slate-200 px-4 py-3">
          <h2 id="subs-title" className="font-semibold">
            Subscriptions
          </h2>
        </div>
        {subs.length === 0 ? (
          <EmptyState title="No webhooks yet">Add one below; each integration gets its own secret.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="webhooks">
            {subs.map((s) => (
              <li key={s.id} className="flex flex-wrap items-start gap-3 px-4 py-3">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <StatusBadge status={s.enabled ? "active" : "disabled"} />
                    <Link href={`/webhooks/${s.id}`} className="min-w-0 truncate font-medium text-brand-700 underline">
                      {s.url}
                    </Link>
                  </div>
                  {s.description && <p className="mt-0.5 text-sm text-slate-600">{s.description}</p>}
                  <p className="mt-1 text-xs text-slate-500">
                    {s.eventTypes.length} event {s.eventTypes.length === 1 ? "type" : "types"} · added{" "}
                    {formatDateTime(s.createdAt, tz)}
                  </p>
                  {!s.enabled && s.disabledReason && (
                    <p className="mt-1 text-sm text-red-700">Disabled: {s.disabledReason}</p>
                  )}
                  {s.enabled && s.failingSince && (
                    <p className="mt-1 text-sm text-amber-800">
                      Failing since {formatDateTime(s.failingSince, tz)} ({s.consecutiveFailures} attempts in a row)
                    </p>
                  )}
                </div>
                <Link href={`/webhooks/${s.id}`} className="btn-secondary px-2.5 py-1 text-xs">
                  Delivery log<span className="sr-only"> for {s.url}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <CreateWebhookForm />
    </div>
  );
}
