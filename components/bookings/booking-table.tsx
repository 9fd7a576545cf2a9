import Link from "next/link";
import type { BookingResponse } from "@/lib/api/schemas/bookings";
import { formatDateTime, localizeTimes } from "@/components/ui/format";
import { StatusBadge } from "./status-badge";

export function BookingTable({
  bookings,
  queueName,
  handedOff = new Set(),
  timeZone,
}: {
  bookings: BookingResponse[];
  queueName: Map<string, string>;
  /** Bookings handed off since they were routed: their routing reason is about a previous host. */
  handedOff?: ReadonlySet<string>;
  timeZone: string;
}) {
  const why = (b: BookingResponse) =>
    handedOff.has(b.id)
      ? "Handed off: the booking's page says by whom and why"
      : b.routing?.reason
        ? localizeTimes(b.routing.reason, timeZone)
        : "";
  return (
    <>
      {/* On a phone each booking is a card: a six-column table would scroll sideways. */}
      <ul className="divide-y divide-slate-100 md:hidden" data-testid="bookings-cards">
        {bookings.map((b) => (
          <li key={b.id} className="px-4 py-3">
            <div className="flex items-start justify-between gap-2">
              <Link className="font-medium text-brand-700 hover:underline" href={`/bookings/${b.id}`}>
                {formatDateTime(b.start, timeZone)}
              </Link>
              <StatusBadge status={b.status} />
            </div>
            <p className="mt-1 text-sm break-words">
              {b.attendee.fullname} <span className="text-slate-600">with</span> {b.host.name}
            </p>
            <p className="text-xs break-words text-slate-600">
              {b.queueId ? (queueName.get(b.queueId) ?? "A removed queue") : "Booked directly"}
              {why(b) ? ` · ${why(b)}` : ""}
            </p>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto md:block">
        <table className="data-table" data-testid="bookings-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Attendee</th>
              <th>Host</th>
              <th className="hidden md:table-cell">Queue</th>
              <th>Status</th>
              <th className="hidden lg:table-cell">Why this host</th>
            </tr>
          </thead>
          <tbody>
            {bookings.map((b) => (
              <tr key={b.id} className="hover:bg-slate-50">
                <td className="whitespace-nowrap">
                  <Link className="font-medium text-brand-700 hover:underline" href={`/bookings/${b.id}`}>
                    {formatDateTime(b.start, timeZone)}
                  </Link>
                </td>
                <td>
                  <span className="block max-w-40 truncate" title={b.attendee.email}>
                    {b.attendee.fullname}
                  </span>
                </td>
                <td className="whitespace-nowrap" data-testid="booking-host">
                  {b.host.name}
                </td>
                <td className="hidden md:table-cell">
                  {b.queueId ? queueName.get(b.queueId) : <span className="text-slate-500">—</span>}
                </td>
                <td>
                  <StatusBadge status={b.status} />
                </td>
                <td className="hidden max-w-72 truncate text-xs text-slate-500 lg:table-cell" title={why(b)}>
                  {why(b) || "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
