"use client";
import { useQuery } from "@tanstack/react-query";
import { handoffOptionsAction } from "@/lib/actions/bookings";
import { unwrap } from "@/components/ui/action-result";
import { formatDateTime } from "@/components/ui/format";

/** "user:<id>" or "queue:<id>"; "" keeps the appointment with its host. */
export type AlternativeChoice = string;

export function choiceTarget(choice: AlternativeChoice): { targetUserId: string } | { targetQueueId: string } | null {
  const [kind, id] = choice.split(":");
  if (!id) return null;
  return kind === "queue" ? { targetQueueId: id } : { targetUserId: id };
}

/**
 * For one appointment the coverage target cannot take: who else is free at that time, and which queues
 * would find someone (the same question the booking page's handoff asks), to send just this one elsewhere.
 */
export function AlternativePicker({
  appointmentId,
  fromName,
  start,
  timeZone,
  value,
  onChange,
}: {
  appointmentId: string;
  fromName: string;
  start: string;
  timeZone: string;
  value: AlternativeChoice;
  onChange: (v: AlternativeChoice) => void;
}) {
  const options = useQuery({
    queryKey: ["handoff-options", appointmentId],
    queryFn: () => unwrap(handoffOptionsAction({ appointmentId })),
  });
  const id = `alt-${appointmentId}`;
  return (
    <div className="mt-1.5 min-w-48">
      <label className="block text-xs text-slate-600" htmlFor={id}>
        Instead, give to <span className="sr-only">(the appointment of {formatDateTime(start, timeZone)})</span>
      </label>
      <select
        id={id}
        className="input py-1 text-sm"
        value={value}
        disabled={!options.data}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{options.isPending ? "Finding who is free…" : `Keep with ${fromName}`}</option>
        {options.data && options.data.users.length > 0 && (
          <optgroup label="Free at that time">
            {options.data.users.map((u) => (
              <option key={u.userId} value={`user:${u.userId}`}>
                {u.name}
              </option>
            ))}
          </optgroup>
        )}
        {options.data && options.data.queues.length > 0 && (
          <optgroup label="A queue picks">
            {options.data.queues.map((q) => (
              <option key={q.queueId} value={`queue:${q.queueId}`}>
                {q.name} (next: {q.nextHost.name})
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {options.isError && <p className="field-error">Could not load who is free; the appointment keeps its host.</p>}
    </div>
  );
}
