import type { Metadata } from "next";
import Link from "next/link";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { bookingListQuery } from "@/lib/api/schemas/bookings";
import { AppError } from "@/lib/errors";
import { zodDetails } from "@/lib/http/envelope";
import { resolveRange } from "@/lib/slots";
import { listBookings } from "@/lib/bookings/list-bookings";
import { handedOffBookingIds } from "@/lib/bookings/present-bookings";
import { listUsers } from "@/lib/people/manage-users";
import { listWorkspaceQueues } from "@/lib/queues/describe-queues";
import { BookingFilters, type BookingFilterValues } from "@/components/bookings/booking-filters";
import { BookingTable } from "@/components/bookings/booking-table";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Bookings" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export default async function BookingsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const sp = await searchParams;
  const f: BookingFilterValues = {
    host: one(sp.host),
    queue: one(sp.queue),
    status: one(sp.status),
    from: one(sp.from),
    to: one(sp.to),
  };
  const [people, queues, tz] = await Promise.all([
    listUsers(viewer.db, viewer.workspaceId),
    listWorkspaceQueues(viewer.db, viewer.workspaceId, viewer.workspaceId),
    viewer.timeZone,
  ]);
  const errors: Record<string, string> = {};
  const dayStart = (d: string | undefined, key: string, edge: "start" | "end") => {
    if (!d) return undefined;
    if (!DAY.test(d)) {
      errors[key] = "must be a date";
      return undefined;
    }
    const r = resolveRange(d, d, tz);
    return new Date(edge === "start" ? r.start : r.end).toISOString();
  };
  const parsed = bookingListQuery.safeParse({
    hostId: f.host,
    queueId: f.queue,
    status: f.status,
    start: dayStart(f.from, "start", "start"),
    end: dayStart(f.to, "end", "end"),
    cursor: one(sp.cursor),
    limit: 25,
  });
  if (!parsed.success) for (const d of zodDetails(parsed.error)) errors[d.path] ??= d.message;
  const result =
    parsed.success && !Object.keys(errors).length
      ? await listBookings(viewer.db, viewer.workspaceId, parsed.data).catch((e) => {
          if (e instanceof AppError && (e.code === "not_found" || e.code === "bad_request")) return null;
          throw e;
        })
      : null;
  const queueName = new Map(queues.map((q) => [q.id, q.name]));
  const handedOff = await handedOffBookingIds(viewer.db, result?.bookings.map((b) => b.id) ?? []);
  const keep = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]);
  const nextHref = result?.nextCursor
    ? `/bookings?${new URLSearchParams([...keep, ["cursor", result.nextCursor]])}`
    : null;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">Bookings</h1>
        <p className="text-sm text-slate-500">Every booking with who got it and why. Times in {tz}.</p>
      </div>
      <BookingFilters
        values={f}
        people={people.map((p) => ({ id: p.id, name: p.name }))}
        queues={queues.map((q) => ({ id: q.id, name: q.name }))}
        errors={errors}
      />
      <section className="card overflow-hidden">
        {result === null ? (
          <EmptyState title="These filters do not work together">
            {Object.values(errors)[0] ? `Check the highlighted filter.` : "The host or queue no longer exists."}{" "}
            <Link className="text-brand-700 underline" href="/bookings">
              Clear filters
            </Link>
          </EmptyState>
        ) : result.bookings.length === 0 ? (
          <EmptyState title={one(sp.cursor) ? "No more bookings" : "No bookings match"}>
            {keep.size ? (
              <Link className="text-brand-700 underline" href="/bookings">
                Clear filters
              </Link>
            ) : (
              "Bookings appear here as soon as the API routes them."
            )}
          </EmptyState>
        ) : (
          <BookingTable bookings={result.bookings} queueName={queueName} handedOff={handedOff} timeZone={tz} />
        )}
      </section>
      {(nextHref || one(sp.cursor)) && (
        <nav className="flex gap-2" aria-label="Pages">
          {one(sp.cursor) && (
            <Link className="btn-secondary" href={`/bookings?${keep}`}>
              First page
            </Link>
          )}
          {nextHref && (
            <Link className="btn-secondary" href={nextHref}>
              Next page
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
