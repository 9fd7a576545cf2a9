import type { Metadata } from "next";
import Link from "next/link";
import { isManager, requirePageViewer, viewerContext } from "@/lib/auth/session";
import { myAssignments } from "@/lib/dashboard/get-my-assignments";
import { STRATEGY_LABEL, WINDOW_LABEL } from "@/components/strategy-label";
import { strategyRule } from "@/lib/routing/strategies";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime, localizeTimes, pct } from "@/components/ui/format";
import { getSchedule } from "@/lib/people/manage-schedules";
import { ScheduleEditor } from "@/components/team/schedule-editor";
import { ExceptionList } from "@/components/team/exception-list";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My assignments" };

/** A rep's own page: only the viewer's bookings, shares and absences (scoped by their user id). */
export default async function MyAssignmentsPage() {
  const viewer = await requirePageViewer();
  const wsZone = viewer.timeZone;
  const [me, schedule] = await Promise.all([
    myAssignments(viewerContext(viewer)),
    getSchedule(viewer.db, viewer.workspaceId, viewer.user.id),
  ]);
  const tz = viewer.user.timeZone;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: tz }).format(new Date());
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">My assignments</h1>
        <p className="text-sm text-slate-500">
          Hi {viewer.user.name.split(" ")[0]}. Times in your zone, {tz}.{" "}
          <Link className="text-brand-700 underline" href="/my/calendar">
            My calendar
          </Link>
        </p>
      </div>

      <section className="card" aria-labelledby="share-title">
        <h2 id="share-title" className="border-b border-slate-200 px-4 py-3 font-semibold">
          My share this window
        </h2>
        {me.queues.length === 0 ? (
          <EmptyState title="You are not in any queue">Ask your manager to add you to one.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {me.queues.map((q) => (
              <li key={q.id} className="px-4 py-3" data-testid={`my-queue-${q.name}`}>
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <p className="font-medium">{q.name}</p>
                  <p className="text-xs text-slate-500">
                    {STRATEGY_LABEL[q.strategy]} · {WINDOW_LABEL[q.fairnessWindow]}
                    {q.weight === 0
                      ? " · you are paused"
                      : strategyRule(q.strategy).usesWeights
                        ? ` · weight ${q.weight}`
                        : ""}
                  </p>
                </div>
                <div className="mt-2 flex items-center gap-3">
                  <span className="relative h-2.5 flex-1 rounded-full bg-slate-100" aria-hidden>
                    <span
                      className="absolute inset-y-0 left-0 rounded-full bg-brand-500"
                      style={{ width: `${Math.min(100, q.share * 100)}%` }}
                    />
                    <span
                      className="absolute -inset-y-0.5 w-0.5 bg-slate-700"
                      style={{ left: `calc(${Math.min(100, q.target * 100)}% - 1px)` }}
                    />
                  </span>
                  <span className="shrink-0 whitespace-nowrap text-right text-sm tabular-nums text-slate-600">
                    {q.count} of {q.total} · {pct(q.share)} (expected {q.expected.toFixed(1)}
                    {q.deviation ? ", off target" : ""})
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="upcoming-title">
        <h2 id="upcoming-title" className="border-b border-slate-200 px-4 py-3 font-semibold">
          Upcoming bookings
        </h2>
        {me.upcoming.length === 0 ? (
          <EmptyState title="Nothing booked for you yet">New bookings routed to you show up here.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="my-bookings">
            {me.upcoming.map((b) => (
              <li key={b.id} className="flex flex-wrap justify-between gap-x-4 gap-y-1 px-4 py-3 text-sm">
                <span className="min-w-0">
                  <span className="font-medium">{b.attendee.fullname}</span>
                  <span className="block text-xs text-slate-500">
                    {b.routing?.reason ? localizeTimes(b.routing.reason, tz) : "Booked for you directly"}
                  </span>
                </span>
                <time dateTime={b.start} className="whitespace-nowrap text-slate-600">
                  {formatDateTime(b.start, tz)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card px-4 pb-4" aria-label="My absences">
        <ExceptionList userId={viewer.user.id} name={viewer.user.name} timeZone={tz} exceptions={me.exceptions} />
      </section>

      <div>
        <h2 className="text-lg font-semibold">My working hours</h2>
        <p className="text-sm text-slate-500">
          When you can be booked. Changes apply to new bookings at once; nobody else sees a draft.
        </p>
      </div>
      <ScheduleEditor
        userId={viewer.user.id}
        name="your"
        timeZone={tz}
        workspaceTimeZone={wsZone}
        initial={schedule}
        today={today}
      />
      {isManager(viewer.role) && (
        <p className="text-sm text-slate-500">
          Managing the team? Go to{" "}
          <Link className="text-brand-700 underline" href="/queues">
            Queues
          </Link>
          .
        </p>
      )}
    </div>
  );
}
