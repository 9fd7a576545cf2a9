"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { localizeTimes } from "@/components/ui/format";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { cancelBookingAction, handoffAction, handoffOptionsAction } from "@/lib/actions/bookings";
import { errorMessage, unwrap } from "@/components/ui/action-result";
import { Field } from "@/components/ui/field";

/** Hand the booking to someone free (or let a queue pick), or cancel it. */
export function BookingActions({
  bookingId,
  hostName,
  timeZone,
}: {
  bookingId: string;
  hostName: string;
  /** The workspace's zone: the reasons' times are written in it. */
  timeZone: string;
}) {
  const router = useRouter();
  const [target, setTarget] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const options = useQuery({
    queryKey: ["handoff-options", bookingId],
    queryFn: () => unwrap(handoffOptionsAction({ appointmentId: bookingId })),
  });
  const handoff = useMutation({
    mutationFn: () => {
      const [kind, id] = target.split(":");
      return unwrap(
        handoffAction({
          appointmentId: bookingId,
          ...(kind === "queue" ? { targetQueueId: id } : { targetUserId: id }),
        }),
      );
    },
    onSuccess: (r) => {
      setDone(`Handed off to ${r.to.name}.`);
      setTarget("");
      options.refetch();
      router.refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(cancelBookingAction({ id: bookingId })),
    onSuccess: () => router.refresh(),
  });

  return (
    <div className="space-y-6">
      <section className="card" aria-labelledby="handoff-title">
        <div className="border-b border-slate-200 px-4 py-3">
          <h2 id="handoff-title" className="font-semibold">
            Hand off
          </h2>
          <p className="text-xs text-slate-500">
            Currently with {hostName}. Only people free at this time are offered.
          </p>
        </div>
        <form
          className="space-y-3 p-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (target) handoff.mutate();
          }}
        >
          {options.isPending ? (
            <p className="text-sm text-slate-500">Checking who is free…</p>
          ) : options.isError ? (
            <p role="alert" className="text-sm text-red-700">
              {errorMessage(options.error)}
            </p>
          ) : (
            <>
              <Field id="handoff-target" label="New host">
                <select className="input" value={target} onChange={(e) => setTarget(e.target.value)}>
                  <option value="">Choose…</option>
                  {options.data.users.length > 0 && (
                    <optgroup label="People free at this time">
                      {options.data.users.map((u) => (
                        <option key={u.userId} value={`user:${u.userId}`}>
                          {u.name}
                          {u.queueMember ? "" : " (not in this queue)"}
                        </option>
                      ))}
                    </optgroup>
                  )}
                  {options.data.queues.length > 0 && (
                    <optgroup label="Let a queue pick">
                      {options.data.queues.map((q) => (
                        <option key={q.queueId} value={`queue:${q.queueId}`}>
                          {q.name}: next is {q.nextHost.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                </select>
              </Field>
              {options.data.unavailable.length > 0 && (
                <details className="text-sm">
                  <summary className="cursor-pointer text-slate-600">
                    {options.data.unavailable.length} people are not available
                  </summary>
                  <ul className="mt-2 space-y-1">
                    {options.data.unavailable.map((u) => (
                      <li key={u.userId}>
                        <span className="font-medium">{u.name}</span>:{" "}
                        <span className="text-slate-600">{localizeTimes(u.reason, timeZone)}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
              {handoff.isError && (
                <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
                  {errorMessage(handoff.error)}
                </p>
              )}
              {done && (
                <p role="status" className="text-sm text-emerald-700">
                  {done}
                </p>
              )}
              <button className="btn-primary" disabled={!target || handoff.isPending}>
                {handoff.isPending ? "Handing off…" : "Hand off"}
              </button>
            </>
          )}
        </form>
      </section>
      <section className="card p-4">
        <h2 className="font-semibold">Cancel</h2>
        <p className="mt-1 text-sm text-slate-600">Frees {hostName}&apos;s time and gives the fairness count back.</p>
        {cancel.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {errorMessage(cancel.error)}
          </p>
        )}
        <button
          className="btn-danger mt-3"
          disabled={cancel.isPending}
          onClick={() => {
            if (window.confirm("Cancel this booking? The attendee keeps no meeting.")) cancel.mutate();
          }}
        >
          {cancel.isPending ? "Cancelling…" : "Cancel booking"}
        </button>
      </section>
    </div>
  );
}
