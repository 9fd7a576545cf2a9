import Link from "next/link";
import type { BookingResponse } from "@/lib/api/schemas/bookings";
import { formatDateTime, localizeTimes } from "@/components/ui/format";
import { StatusBadge } from "./status-badge";

export function BookingTable({
  bookings,
  queueName,
  timeZone,
}: {
  bookings: BookingResponse[];
  queueName: Map<string, string>;
  timeZone: string;
}) {
  return (
    <div className="overflow-x-auto">
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
                {b.queueId ? queueName.get(b.queueId) : <span className="text-slate-400">—</span>}
              </td>
              <td>
                <StatusBadge status={b.status} />
              </td>
              <td
                className="hidden max-w-72 truncate text-xs text-slate-500 lg:table-cell"
                title={b.routing?.reason ? localizeTimes(b.routing.reason, timeZone) : ""}
              >
                {b.routing?.reason ? localizeTimes(b.routing.reason, timeZone) : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
