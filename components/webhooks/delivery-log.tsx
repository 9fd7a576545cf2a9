"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import type { WebhookDeliveryResponse } from "@/lib/api/schemas/webhooks";
import { resendDeliveryAction } from "@/lib/actions/webhooks";
import { errorMessage, unwrap } from "@/components/ui/action-result";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { StatusBadge } from "./status-badge";

/** Deliveries newest first; each opens to its attempts (status, latency, response) and can be resent. */
export function DeliveryLog({
  subscriptionId,
  deliveries,
  timeZone,
}: {
  subscriptionId: string;
  deliveries: WebhookDeliveryResponse[];
  timeZone: string;
}) {
  const router = useRouter();
  const pending = deliveries.some((d) => d.status === "pending");
  // While something is on its way, refresh the log every 2 s so the result shows up by itself.
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => router.refresh(), 2_000);
    return () => clearInterval(t);
  }, [pending, router]);
  const resend = useMutation({
    mutationFn: (deliveryId: string) => unwrap(resendDeliveryAction({ id: subscriptionId, deliveryId })),
    onSuccess: () => router.refresh(),
  });

  if (deliveries.length === 0)
    return (
      <EmptyState title="Nothing sent yet">
        Send a test ping, or wait for the next booking, handoff or change.
      </EmptyState>
    );
  return (
    <div>
      {resend.isError && (
        <p role="alert" className="px-4 pt-3 text-sm text-red-700">
          {errorMessage(resend.error)}
        </p>
      )}
      <ul className="divide-y divide-slate-100" data-testid="delivery-log">
        {deliveries.map((d) => (
          <li key={d.id} className="px-4 py-3" data-testid="delivery">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <StatusBadge status={d.status} />
              <code className="font-mono text-xs font-semibold">{d.eventType}</code>
              <span className="text-xs text-slate-500">{formatDateTime(d.createdAt, timeZone)}</span>
              <span className="text-xs text-slate-500">
                {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
                {d.lastStatusCode !== null && <> · HTTP {d.lastStatusCode}</>}
              </span>
              <button
                type="button"
                className="btn-secondary ml-auto px-2.5 py-1 text-xs"
                disabled={resend.isPending}
                onClick={() => resend.mutate(d.id)}
              >
                Resend<span className="sr-only"> {d.eventType} delivery</span>
              </button>
            </div>
            {d.lastError && d.status !== "succeeded" && <p className="mt-1 text-xs text-red-700">{d.lastError}</p>}
            <details className="mt-2 text-sm">
              <summary className="cursor-pointer text-xs font-medium text-brand-700">
                Attempts and payload
                <span className="sr-only"> of the {d.eventType} delivery</span>
              </summary>
              <p className="mt-2 text-xs text-slate-500">
                webhook-id <code className="font-mono">{d.eventId}</code>
              </p>
              {d.attemptLog.length > 0 && (
                <div className="mt-2 overflow-x-auto">
                  <table className="data-table">
                    <thead>
                      <tr>
                        <th>Time</th>
                        <th>Result</th>
                        <th>Latency</th>
                        <th>Response (first 4 KB)</th>
                      </tr>
                    </thead>
                    <tbody>
                      {d.attemptLog.map((a) => (
                        <tr key={a.id} data-testid="attempt">
                          <td className="whitespace-nowrap">{formatDateTime(a.attemptedAt, timeZone)}</td>
                          <td className="whitespace-nowrap">
                            {a.statusCode !== null ? `HTTP ${a.statusCode}` : a.error}
                          </td>
                          <td className="whitespace-nowrap">{a.latencyMs} ms</td>
                          <td>
                            <code className="block max-w-md truncate font-mono text-xs" title={a.responseBody ?? ""}>
                              {a.responseBody || "—"}
                            </code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <pre className="mt-2 max-h-64 overflow-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">
                {JSON.stringify(d.payload, null, 2)}
              </pre>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
