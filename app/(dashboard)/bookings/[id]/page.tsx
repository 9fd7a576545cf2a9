import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getBookingDetail } from "@/lib/bookings/present-bookings";
import { getMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { listUsers } from "@/lib/people/manage-users";
import { listWorkspaceQueues } from "@/lib/queues/describe-queues";
import { STRATEGY_LABEL } from "@/components/strategy-label";
import { BookingActions } from "@/components/bookings/booking-actions";
import { BookingHistory } from "@/components/bookings/booking-history";
import { StatusBadge } from "@/components/bookings/status-badge";
import { AssignmentChain } from "@/components/bookings/assignment-chain";
import { formatDateTime, localizeTimes } from "@/components/ui/format";
import { describeAssignment } from "@/lib/bookings/describe-assignment";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Booking" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function BookingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const b = await getBookingDetail(viewer.db, viewer.workspaceId, id).catch((e) => {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  });
  const [mt, people, queues, tz] = await Promise.all([
    getMeetingType(viewer.db, viewer.workspaceId, b.meetingTypeId),
    listUsers(viewer.db, viewer.workspaceId),
    listWorkspaceQueues(viewer.db, viewer.workspaceId, viewer.workspaceId),
    viewer.timeZone,
  ]);
  const names = Object.fromEntries(people.map((p) => [p.id, p.name]));
  const queue = queues.find((q) => q.id === b.queueId);
  const upcoming = b.status === "confirmed" && new Date(b.end) > new Date();
  const assignment = describeAssignment(b.events, b.hostId);
  const strategyLabel = (s: string) => STRATEGY_LABEL[s as keyof typeof STRATEGY_LABEL] ?? s;
  const facts: [string, React.ReactNode][] = [
    [
      "When",
      `${formatDateTime(b.start, tz)} – ${new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: tz }).format(new Date(b.end))} (${tz})`,
    ],
    [
      "Attendee",
      <span key="a">
        {b.attendee.fullname} <span className="text-slate-500">&lt;{b.attendee.email}&gt;</span>
      </span>,
    ],
    [
      assignment.handedOff ? "Current host" : "Host",
      <span key="h" data-testid="detail-host">
        {b.host.name}
      </span>,
    ],
    ["Meeting type", `${mt.name} (${mt.durationMinutes} min)`],
    [
      "Queue",
      queue ? (
        <Link key="q" className="text-brand-700 hover:underline" href={`/queues/${queue.id}`}>
          {queue.name}
        </Link>
      ) : (
        "None (booked directly)"
      ),
    ],
  ];
  // After a handoff the routing decision explains someone who may no longer host it: show the whole chain instead.
  if (assignment.handedOff) {
    facts.push([
      "How it got there",
      <AssignmentChain
        key="chain"
        assignment={assignment}
        names={names}
        queueNames={Object.fromEntries(queues.map((q) => [q.id, q.name]))}
        strategyLabel={strategyLabel}
        timeZone={tz}
      />,
    ]);
  } else {
    facts.push(
      [
        "Routing",
        b.routing
          ? `${strategyLabel(b.routing.strategy)}${b.routing.tier ? ` · tier ${b.routing.tier}` : ""}${b.routing.rank ? ` · rank ${b.routing.rank}` : ""}`
          : "Not routed (host chosen by the caller)",
      ],
      ["Why this host", b.routing?.reason ? localizeTimes(b.routing.reason, tz) : "—"],
    );
  }
  if (b.calendarEvent) {
    const c = b.calendarEvent;
    const label = {
      pending: "Being written to the host's calendar",
      synced: `In ${b.host.name}'s calendar${c.syncedAt ? ` since ${formatDateTime(c.syncedAt, tz)} (${tz})` : ""}`,
      removed: "In no calendar (cancelled, or the host has no writable calendar)",
      failed: `Not written yet, retrying: ${c.lastError ?? "the calendar could not be reached"}`,
    }[c.state];
    facts.push([
      "Calendar",
      <span key="c" data-testid="detail-calendar" className={c.state === "failed" ? "text-red-700" : undefined}>
        {label}
      </span>,
    ]);
  }
  return (
    <div className="space-y-6">
      <div>
        <Link href="/bookings" className="text-sm text-brand-700 hover:underline">
          ← Bookings
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="page-title">{b.attendee.fullname}</h1>
          <StatusBadge status={b.status} />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(18rem,2fr)]">
        <div className="min-w-0 space-y-6">
          <section className="card">
            <h2 className="border-b border-slate-200 px-4 py-3 font-semibold">Details</h2>
            <dl className="divide-y divide-slate-100">
              {facts.map(([k, v]) => (
                <div key={k} className="grid gap-1 px-4 py-2.5 text-sm sm:grid-cols-[9rem_1fr]">
                  <dt className="text-slate-500">{k}</dt>
                  <dd className="min-w-0 break-words">{v}</dd>
                </div>
              ))}
            </dl>
          </section>
          <BookingHistory events={b.events} names={names} timeZone={tz} />
        </div>
        <div className="min-w-0">
          {upcoming ? (
            <BookingActions bookingId={b.id} hostName={b.host.name} timeZone={tz} />
          ) : (
            <section className="card p-4 text-sm text-slate-600">
              {b.status === "cancelled"
                ? "This booking was cancelled; it cannot be handed off."
                : "This booking has already taken place."}
            </section>
          )}
        </div>
      </div>
    </div>
  );
}
