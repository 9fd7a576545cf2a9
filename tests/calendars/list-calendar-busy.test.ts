/** The busy read routing will use: overlap semantics, merging, exclusions, and the GiST index. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { bookings, calendarBusyIntervals, calendarConnections, meetingTypes, users, workspaces } from "@/db/schema";
import { calendarBusyQuery, listCalendarBusy } from "@/lib/calendars/list-calendar-busy";
import { blocksRead, explainGeneric, nodes } from "@/tests/support/explain";

const at = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
const show = (list: { start: number; end: number }[] | undefined) =>
  (list ?? []).map(
    (i) => `${new Date(i.start).toISOString().slice(11, 16)}-${new Date(i.end).toISOString().slice(11, 16)}`,
  );

describe.each(dbKinds())("listCalendarBusy on %s", (kind) => {
  let t: TestDb;
  let ids: { a: string; b: string; bookingId: string; workspace: string; meetingType: string; connection: string };

  beforeAll(async () => {
    t = await createTestDb(kind);
    const [ws] = await t.db.insert(workspaces).values({ name: "W" }).returning();
    const [a, b] = await t.db
      .insert(users)
      .values([
        { workspaceId: ws.id, name: "A", email: `a-${kind}@x.test` },
        { workspaceId: ws.id, name: "B", email: `b-${kind}@x.test` },
      ])
      .returning();
    const [mt] = await t.db
      .insert(meetingTypes)
      .values({ workspaceId: ws.id, name: "D", slug: "d", durationMinutes: 30 })
      .returning();
    const [booking] = await t.db
      .insert(bookings)
      .values({
        workspaceId: ws.id,
        meetingTypeId: mt.id,
        hostId: a.id,
        startsAt: at("15:00"),
        endsAt: at("15:30"),
        attendeeEmail: "x@x.test",
        attendeeName: "X",
      })
      .returning();
    const connection = (userId: string, enabled = true) => ({
      workspaceId: ws.id,
      userId,
      kind: "ics" as const,
      url: "https://calendar.example.com/…",
      secretSealed: "v1.x.y",
      enabled,
    });
    const [ca, cb, off] = await t.db
      .insert(calendarConnections)
      .values([connection(a.id), connection(b.id), connection(a.id, false)])
      .returning();
    const row = (c: typeof ca, from: string, to: string, uid = "e", bookingId: string | null = null) => ({
      connectionId: c.id,
      userId: c.userId,
      calendarUrl: "feed",
      resourceUrl: "feed",
      uid,
      bookingId,
      startsAt: at(from),
      endsAt: at(to),
    });
    await t.db.insert(calendarBusyIntervals).values([
      row(ca, "08:00", "09:00"), // ends exactly where the window starts
      row(ca, "09:30", "10:30"),
      row(ca, "10:00", "11:00"), // overlaps the previous: merged
      row(ca, "11:00", "11:15"), // touches: merged too
      row(ca, "15:00", "15:30", booking.id, booking.id), // Baton's own event
      row(ca, "16:00", "17:00", "deleted-booking", "00000000-0000-4000-8000-000000000bad"), // uuid, no booking
      row(cb, "12:00", "13:00"),
      row(off, "13:00", "14:00"), // disabled connection
      row(ca, "18:00", "19:00"), // starts where the window ends
    ]);
    ids = { a: a.id, b: b.id, bookingId: booking.id, workspace: ws.id, meetingType: mt.id, connection: cb.id };
  });
  afterAll(() => t?.close());

  it("returns merged busy time per person overlapping [from, to), without Baton's own events or disabled calendars", async () => {
    const busy = await listCalendarBusy(t.db, { userIds: [ids.a, ids.b], from: at("09:00"), to: at("18:00") });
    expect(show(busy.get(ids.a))).toEqual(["09:30-11:15", "16:00-17:00"]);
    expect(show(busy.get(ids.b))).toEqual(["12:00-13:00"]);
    expect(await listCalendarBusy(t.db, { userIds: [], from: at("00:00"), to: at("23:00") })).toEqual(new Map());
    expect(await listCalendarBusy(t.db, { userIds: [ids.a], from: at("10:00"), to: at("10:00") })).toEqual(new Map());
  });

  it("never reads the bookings table: only Baton's own events are looked up, one by one, at any history", async () => {
    // A busy calendar (a thousand events in the window) and a host with a long booking history.
    await t.db.execute(sql`
      insert into calendar_busy_intervals (connection_id, user_id, calendar_url, resource_url, uid, starts_at, ends_at)
      select ${ids.connection}::uuid, ${ids.b}::uuid, 'feed', 'feed', 'busy-' || g,
             timestamptz '2026-03-11T00:00:00Z' + g * interval '1 minute', timestamptz '2026-03-11T00:00:00Z' + (g + 1) * interval '1 minute'
      from generate_series(0, 999) g`);
    const params = { userIds: [ids.a, ids.b], from: at("09:00"), to: new Date("2026-03-12T00:00:00Z") };
    const plan = () => explainGeneric(t.db, calendarBusyQuery(t.db, params).toSQL(), { analyze: true });
    const readsBookings = (p: Awaited<ReturnType<typeof plan>>) =>
      nodes(p).some(
        (n) =>
          n["Relation Name"] === "bookings" && n["Node Type"] !== "Index Only Scan" && n["Node Type"] !== "Index Scan",
      );
    const before = await listCalendarBusy(t.db, params);
    const small = await plan();
    await t.db.execute(sql`
      insert into bookings (workspace_id, meeting_type_id, host_id, starts_at, ends_at, attendee_email, attendee_name)
      select ${ids.workspace}::uuid, ${ids.meetingType}::uuid, ${ids.b}::uuid,
             timestamptz '2025-01-01T00:00:00Z' - g * interval '1 hour', timestamptz '2025-01-01T00:00:00Z' - g * interval '1 hour' + interval '30 minutes',
             'h' || g || '@x.test', 'H'
      from generate_series(1, 30000) g`);
    await t.db.execute(sql`analyze`);
    const large = await plan();

    expect(readsBookings(small)).toBe(false);
    expect(readsBookings(large)).toBe(false);
    // The bookings table is a few hundred pages now; the read stays at the intervals' own pages.
    expect(blocksRead(large)).toBeLessThanOrEqual(blocksRead(small) + 8);
    expect(await listCalendarBusy(t.db, params)).toEqual(before);
    expect(show(before.get(ids.a))).toEqual(["09:30-11:15", "16:00-17:00", "18:00-19:00"]);
  });

  it.runIf(kind === "postgres")("answers from the GiST index on (user_id, tstzrange)", async () => {
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return tx.execute(
        sql`explain select 1 from calendar_busy_intervals where user_id = ${ids.a}
            and tstzrange(starts_at, ends_at, '[)') && tstzrange(${at("09:00").toISOString()}::timestamptz, ${at("18:00").toISOString()}::timestamptz, '[)')`,
      );
    });
    expect(JSON.stringify(plan)).toContain("calendar_busy_intervals_user_range_idx");
  });
});
