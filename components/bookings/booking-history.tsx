import { formatDateTime, localizeTimes } from "@/components/ui/format";

interface Event {
  id: string;
  type: string;
  reason: string | null;
  actorUserId: string | null;
  fromUserId: string | null;
  toUserId: string | null;
  createdAt: string;
}

const TYPE_LABEL: Record<string, string> = {
  "booking.routed": "Routed",
  "booking.forced": "Booked with a chosen host",
  "booking.cancelled": "Cancelled",
  "handoff.appointment": "Handed off",
  "handoff.bulk": "Handed off (coverage)",
};

/** The booking's events, oldest first: routing decision, handoffs, cancellation. */
export function BookingHistory({
  events,
  names,
  timeZone,
}: {
  events: Event[];
  names: Record<string, string>;
  timeZone: string;
}) {
  const who = (id: string | null) => (id ? (names[id] ?? "a removed user") : null);
  return (
    <section className="card">
      <h2 className="border-b border-slate-200 px-4 py-3 font-semibold">History</h2>
      {events.length === 0 ? (
        <p className="p-4 text-sm text-slate-500">No events recorded.</p>
      ) : (
        <ol className="space-y-4 p-4" data-testid="booking-history">
          {events.map((e) => (
            <li key={e.id} className="relative border-l-2 border-brand-100 pl-4">
              <span className="absolute top-1.5 -left-[5px] h-2 w-2 rounded-full bg-brand-500" aria-hidden />
              <p className="text-sm font-medium">
                {TYPE_LABEL[e.type] ?? e.type}
                {e.fromUserId && e.toUserId
                  ? ` from ${who(e.fromUserId)} to ${who(e.toUserId)}`
                  : e.toUserId
                    ? ` to ${who(e.toUserId)}`
                    : ""}
              </p>
              {e.reason && <p className="text-sm text-slate-600">{localizeTimes(e.reason, timeZone)}</p>}
              <p className="text-xs text-slate-500">
                {formatDateTime(e.createdAt, timeZone)}
                {e.actorUserId ? ` · by ${who(e.actorUserId)}` : ""}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
