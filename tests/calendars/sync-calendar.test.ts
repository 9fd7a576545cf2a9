/**
 * Connect → sync → read, on both databases, against a real Radicale and a local feed server:
 * incremental sync, failures recorded in plain words with the cache kept, leases between instances.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { describeWithRadicale, startRadicale, type Radicale } from "@/tests/support/radicale";
import { startHttpServer, type TestHttpServer } from "@/tests/support/http-server";
import { bookings, calendarBusyIntervals, calendarConnections, meetingTypes, users, workspaces } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { seal } from "@/lib/crypto/secret-box";
import {
  connectCalendar,
  disconnectCalendar,
  listCalendarConnections,
  updateCalendarConnection,
} from "@/lib/calendars/connect-calendar";
import { putEvent, deleteEvent, type CaldavAccount } from "@/lib/calendars/caldav-client";
import { secretContext, syncCalendar } from "@/lib/calendars/sync-calendar";
import { claimConnection, claimDueConnections } from "@/lib/calendars/claim-calendar-syncs";
import { refreshDueCalendars, syncCalendarNow } from "@/lib/calendars/refresh-calendars";
import { listCalendarBusy } from "@/lib/calendars/list-calendar-busy";
import { LEASE_MS, SYNC_EVERY_MS } from "@/lib/calendars/sync-policy";
import { NEW_YORK_VTIMEZONE, vcalendar, vevent } from "@/lib/calendars/testkit";

const limits = { requestTimeoutMs: 2_000, operationTimeoutMs: 5_000 };
const iso = (ms: number) => new Date(ms).toISOString();

/** "Now" for the tests: the cache window (a day back, 180 days ahead) covers March 2026. */
const NOW = new Date("2026-02-20T12:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);

async function appError(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe.each(dbKinds())("calendar sync on %s", (kind) => {
  describeWithRadicale("CalDAV", () => {
    let t: TestDb;
    let radicale: Radicale;
    let account: CaldavAccount;
    let calendarUrl: string;
    let ids: { ws: string; host: string; other: string; mt: string };
    const owner = "instance-a";

    beforeAll(async () => {
      t = await createTestDb(kind);
      radicale = await startRadicale();
      const [alice] = radicale.users;
      calendarUrl = await radicale.createCalendar(alice, "work");
      account = { serverUrl: radicale.url, username: alice.username, password: alice.password, limits };
      const [ws] = await t.db.insert(workspaces).values({ name: "W", timeZone: "Europe/Berlin" }).returning();
      const [host, other] = await t.db
        .insert(users)
        .values([
          { workspaceId: ws.id, name: "Host", email: `host-${kind}@x.test`, timeZone: "Europe/Berlin" },
          { workspaceId: ws.id, name: "Other", email: `other-${kind}@x.test`, timeZone: "Europe/Berlin" },
        ])
        .returning();
      const [mt] = await t.db
        .insert(meetingTypes)
        .values({ workspaceId: ws.id, name: "Demo", slug: "demo", durationMinutes: 30 })
        .returning();
      ids = { ws: ws.id, host: host.id, other: other.id, mt: mt.id };
      await putEvent(account, {
        calendarUrl,
        uid: "standup-ny",
        ics: vcalendar(
          NEW_YORK_VTIMEZONE,
          vevent([
            "UID:standup-ny",
            "DTSTART;TZID=America/New_York:20260106T100000",
            "DTEND;TZID=America/New_York:20260106T110000",
            "RRULE:FREQ=WEEKLY;BYDAY=TU",
          ]),
        ),
      });
    });
    afterAll(async () => {
      await radicale?.close();
      await t?.close();
    });

    const march = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
    const busyOf = async (userId: string, window = march) =>
      ((await listCalendarBusy(t.db, { userIds: [userId], ...window })).get(userId) ?? []).map(
        (i) => `${iso(i.start)}/${iso(i.end)}`,
      );
    const connection = async () => {
      const [c] = await t.db.select().from(calendarConnections).where(eq(calendarConnections.userId, ids.host));
      return c;
    };

    it("refuses a wrong app password in plain words and saves nothing", async () => {
      const e = await appError(
        connectCalendar({
          db: t.db,
          workspaceId: ids.ws,
          userId: ids.host,
          input: { kind: "caldav", serverUrl: radicale.url, username: "alice", password: "wrong" },
          limits,
        }),
      );
      expect(e.status).toBe(422);
      expect(e.message).toBe("The server refused the username or app password");
      expect(e.details).toEqual({ field: "password", reason: "auth_failed" });
      expect(await t.db.select().from(calendarConnections)).toEqual([]);
      const otherWorkspace = await appError(
        connectCalendar({
          db: t.db,
          workspaceId: "00000000-0000-4000-8000-00000000dead",
          userId: ids.host,
          input: { kind: "ics", url: "https://example.com/a.ics" },
        }),
      );
      expect(otherWorkspace.status).toBe(404);
    });

    it("connects, seals the password, and the first sync caches the DST-correct busy times", async () => {
      const view = await connectCalendar({
        db: t.db,
        workspaceId: ids.ws,
        userId: ids.host,
        input: { kind: "caldav", serverUrl: radicale.url, username: account.username, password: account.password },
        limits,
        now: NOW,
      });
      expect(view).toMatchObject({ kind: "caldav", calendarUrls: [calendarUrl], writeCalendarUrl: calendarUrl });
      expect(JSON.stringify(view)).not.toContain(account.password);
      const row = await connection();
      expect(row.secretSealed).toMatch(/^v1\./);
      expect(row.secretSealed).not.toContain(account.password);

      const outcomes = await refreshDueCalendars({ db: t.db, owner, now: NOW, limits });
      expect(outcomes.get(view.id)).toMatchObject({ status: "synced", mode: "full" });
      // 10:00 New York: 16:00 Berlin, 15:00 while only the US is on summer time, 16:00 again.
      expect(await busyOf(ids.host)).toEqual([
        "2026-03-03T15:00:00.000Z/2026-03-03T16:00:00.000Z",
        "2026-03-10T14:00:00.000Z/2026-03-10T15:00:00.000Z",
        "2026-03-17T14:00:00.000Z/2026-03-17T15:00:00.000Z",
        "2026-03-24T14:00:00.000Z/2026-03-24T15:00:00.000Z",
        "2026-03-31T14:00:00.000Z/2026-03-31T15:00:00.000Z",
      ]);
      expect(await busyOf(ids.other)).toEqual([]);
      const [listed] = await listCalendarConnections(t.db, ids.ws, ids.host);
      expect(listed).toMatchObject({ lastSyncedAt: NOW.toISOString(), lastError: null });
      expect(listed).not.toHaveProperty("secretSealed");
      // Not due again until the interval has passed.
      expect((await refreshDueCalendars({ db: t.db, owner, now: later(60_000), limits })).size).toBe(0);
    });

    it("syncs incrementally: an unchanged calendar costs no rewrite, a new and a deleted event are picked up", async () => {
      const next = later(SYNC_EVERY_MS + 1);
      expect((await refreshDueCalendars({ db: t.db, owner, now: next, limits })).values().next().value).toMatchObject({
        status: "synced",
        mode: "unchanged",
      });

      await putEvent(account, {
        calendarUrl,
        uid: "dentist",
        ics: vcalendar(vevent(["UID:dentist", "DTSTART:20260305T080000Z", "DTEND:20260305T090000Z"])),
      });
      const c = await connection();
      expect(
        await syncCalendarNow({ db: t.db, owner, connectionId: c.id, now: later(SYNC_EVERY_MS + 2), limits }),
      ).toMatchObject({ status: "synced", mode: "incremental", intervals: 1 });
      expect(await busyOf(ids.host)).toContain("2026-03-05T08:00:00.000Z/2026-03-05T09:00:00.000Z");

      await deleteEvent(account, { calendarUrl, uid: "dentist" });
      expect(
        await syncCalendarNow({ db: t.db, owner, connectionId: c.id, now: later(SYNC_EVERY_MS + 3), limits }),
      ).toMatchObject({ status: "synced", mode: "incremental", intervals: 0 });
      expect(await busyOf(ids.host)).not.toContain("2026-03-05T08:00:00.000Z/2026-03-05T09:00:00.000Z");
      expect(await busyOf(ids.host)).toHaveLength(5);
    });

    it("does not count the events Baton wrote for its own bookings", async () => {
      const [booking] = await t.db
        .insert(bookings)
        .values({
          workspaceId: ids.ws,
          meetingTypeId: ids.mt,
          hostId: ids.host,
          startsAt: new Date("2026-03-06T09:00:00Z"),
          endsAt: new Date("2026-03-06T09:30:00Z"),
          attendeeEmail: "a@x.test",
          attendeeName: "A",
        })
        .returning();
      await putEvent(account, {
        calendarUrl,
        uid: booking.id,
        ics: vcalendar(vevent([`UID:${booking.id}`, "DTSTART:20260306T090000Z", "DTEND:20260306T093000Z"])),
      });
      const c = await connection();
      await syncCalendarNow({ db: t.db, owner, connectionId: c.id, now: later(SYNC_EVERY_MS + 4), limits });
      const [cached] = await t.db.select().from(calendarBusyIntervals).where(eq(calendarBusyIntervals.uid, booking.id));
      expect(cached.bookingId).toBe(booking.id);
      expect(await busyOf(ids.host)).not.toContain("2026-03-06T09:00:00.000Z/2026-03-06T09:30:00.000Z");
    });

    it("a wrong password or a stopped server is recorded in plain words, retried later, and the cache stays", async () => {
      const c = await connection();
      const before = await busyOf(ids.host);
      await t.db
        .update(calendarConnections)
        .set({ secretSealed: seal("changed-on-the-server", { context: secretContext(c.id) }) })
        .where(eq(calendarConnections.id, c.id));
      const at = later(SYNC_EVERY_MS + 5);
      expect(await syncCalendarNow({ db: t.db, owner, connectionId: c.id, now: at, limits })).toMatchObject({
        status: "failed",
        error: { code: "auth_failed" },
      });
      let row = await connection();
      expect(row).toMatchObject({
        lastError: "The server refused the username or app password",
        lastErrorCode: "auth_failed",
        failures: 1,
        leaseOwner: null,
      });
      expect(row.nextSyncAt.getTime() - at.getTime()).toBe(60 * 60_000); // a person must fix it
      expect(await busyOf(ids.host)).toEqual(before);

      await t.db
        .update(calendarConnections)
        .set({ secretSealed: seal(account.password, { context: secretContext(c.id) }) })
        .where(eq(calendarConnections.id, c.id));
      await radicale.stop();
      try {
        const outcome = await syncCalendarNow({
          db: t.db,
          owner,
          connectionId: c.id,
          now: later(SYNC_EVERY_MS + 6),
          limits,
        });
        expect(outcome).toMatchObject({ status: "failed", error: { code: "unreachable" } });
        row = await connection();
        expect(row.lastError).toMatch(/^The calendar server could not be reached/);
        expect(row.failures).toBe(2);
        expect(row.nextSyncAt.getTime() - later(SYNC_EVERY_MS + 6).getTime()).toBe(2 * 60_000); // backoff
        expect(await busyOf(ids.host)).toEqual(before);
      } finally {
        await radicale.start();
      }
      expect(
        await syncCalendarNow({ db: t.db, owner, connectionId: c.id, now: later(SYNC_EVERY_MS + 7), limits }),
      ).toMatchObject({ status: "synced" });
      expect(await connection()).toMatchObject({ lastError: null, lastErrorCode: null, failures: 0 });
    });

    it("leases: a claimed connection is not claimed twice, and an expired lease's late result is dropped", async () => {
      const c = await connection();
      await t.db.update(calendarConnections).set({ nextSyncAt: NOW }).where(eq(calendarConnections.id, c.id));
      const at = later(SYNC_EVERY_MS * 10);
      const [first, second] = await Promise.all([
        claimDueConnections(t.db, { owner: "a", limit: 5, now: at }),
        claimDueConnections(t.db, { owner: "b", limit: 5, now: at }),
      ]);
      expect(first.length + second.length).toBe(1);
      const [claimed] = [...first, ...second];
      const holder = first.length ? "a" : "b";
      expect(await claimConnection(t.db, { id: c.id, owner: "c", now: at })).toBeNull();
      expect(await syncCalendarNow({ db: t.db, owner: "c", connectionId: c.id, now: at })).toEqual({
        status: "already_syncing",
      });

      // The holder stalls past its lease; another instance takes over and finishes first.
      const takeover = new Date(at.getTime() + LEASE_MS + 1);
      const stolen = await claimConnection(t.db, { id: c.id, owner: "d", now: takeover });
      expect(stolen).not.toBeNull();
      expect(await syncCalendar({ db: t.db, owner: "d", now: takeover, limits }, stolen!)).toMatchObject({
        status: "synced",
      });
      const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(calendarBusyIntervals);
      expect(await syncCalendar({ db: t.db, owner: holder, now: takeover, limits }, claimed)).toEqual({
        status: "lease_lost",
      });
      const [{ n: after }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(calendarBusyIntervals);
      expect(after).toBe(n);
      expect((await connection()).leaseOwner).toBeNull();
    });

    it("a person replaces the password (checked first), picks calendars, and disconnects", async () => {
      const c = await connection();
      const wrong = await appError(
        updateCalendarConnection({
          db: t.db,
          workspaceId: ids.ws,
          connectionId: c.id,
          input: { password: "nope" },
          limits,
        }),
      );
      expect([wrong.status, wrong.message]).toEqual([422, "The server refused the username or app password"]);
      await t.db
        .update(calendarConnections)
        .set({
          failures: 3,
          lastError: "The server refused the username or app password",
          lastErrorCode: "auth_failed",
        })
        .where(eq(calendarConnections.id, c.id));
      const fixed = await updateCalendarConnection({
        db: t.db,
        workspaceId: ids.ws,
        connectionId: c.id,
        input: { password: account.password },
        limits,
        now: later(SYNC_EVERY_MS * 20),
      });
      expect(fixed).toMatchObject({ lastError: null, calendarUrls: [calendarUrl] });
      expect(await connection()).toMatchObject({ failures: 0, nextSyncAt: later(SYNC_EVERY_MS * 20) });
      const unknown = await appError(
        updateCalendarConnection({
          db: t.db,
          workspaceId: ids.ws,
          connectionId: c.id,
          input: { calendarUrls: [`${radicale.url}bob/private/`] },
          limits,
        }),
      );
      expect([unknown.status, unknown.details]).toEqual([422, expect.objectContaining({ field: "calendarUrls" })]);
      expect(
        (
          await appError(
            updateCalendarConnection({
              db: t.db,
              workspaceId: "00000000-0000-4000-8000-00000000dead",
              connectionId: c.id,
              input: {},
            }),
          )
        ).status,
      ).toBe(404);

      await disconnectCalendar(t.db, ids.ws, c.id);
      expect(await t.db.select().from(calendarBusyIntervals)).toEqual([]);
      expect(await busyOf(ids.host)).toEqual([]);
    });

    it("a disabled connection does not count and is not synced", async () => {
      await connectCalendar({
        db: t.db,
        workspaceId: ids.ws,
        userId: ids.host,
        input: { kind: "caldav", serverUrl: radicale.url, username: account.username, password: account.password },
        limits,
        now: NOW,
      });
      await refreshDueCalendars({ db: t.db, owner, now: NOW, limits });
      expect(await busyOf(ids.host)).not.toEqual([]);
      const c = await connection();
      await t.db.update(calendarConnections).set({ enabled: false }).where(eq(calendarConnections.id, c.id));
      expect(await busyOf(ids.host)).toEqual([]);
      expect((await refreshDueCalendars({ db: t.db, owner, now: later(400 * 86_400_000), limits })).size).toBe(0);
      await t.db.update(calendarConnections).set({ enabled: true }).where(eq(calendarConnections.id, c.id));
    });
  });

  describe("ICS feed", () => {
    let t: TestDb;
    let server: TestHttpServer;
    let userId: string;
    let workspaceId: string;
    let requests = 0;
    const feed = vcalendar(
      vevent(["UID:offsite", "DTSTART;VALUE=DATE:20260310", "DTEND;VALUE=DATE:20260312"]),
      vevent(["UID:maybe", "DTSTART:20260313T090000Z", "DTEND:20260313T100000Z", "TRANSP:TRANSPARENT"]),
    );

    beforeAll(async () => {
      t = await createTestDb(kind);
      server = await startHttpServer((req, res) => {
        requests++;
        if (req.url !== "/secret-token-123/basic.ics") return res.writeHead(404).end();
        if (req.headers["if-none-match"] === '"v1"') return res.writeHead(304).end();
        res.writeHead(200, { "content-type": "text/calendar", etag: '"v1"' }).end(feed);
      });
      const [ws] = await t.db.insert(workspaces).values({ name: "W" }).returning();
      const [u] = await t.db
        .insert(users)
        .values({ workspaceId: ws.id, name: "Rep", email: `rep-${kind}@x.test`, timeZone: "America/New_York" })
        .returning();
      userId = u.id;
      workspaceId = ws.id;
    });
    afterAll(async () => {
      await server?.close();
      await t?.close();
    });

    it("connects a feed without storing its secret address in the clear, syncs it, then gets a 304", async () => {
      const bad = await appError(
        connectCalendar({ db: t.db, workspaceId, userId, input: { kind: "ics", url: `${server.url}/wrong.ics` } }),
      );
      expect([bad.status, bad.message]).toEqual([422, "The feed address no longer exists (it may have been reset)"]);

      const view = await connectCalendar({
        db: t.db,
        workspaceId,
        userId,
        input: { kind: "ics", url: `${server.url}/secret-token-123/basic.ics` },
        now: NOW,
      });
      expect(view.url).toBe(`${server.url}/…`);
      const [row] = await t.db.select().from(calendarConnections).where(eq(calendarConnections.id, view.id));
      expect(JSON.stringify(row)).not.toContain("secret-token-123");

      expect((await refreshDueCalendars({ db: t.db, owner: "x", now: NOW })).get(view.id)).toMatchObject({
        status: "synced",
        mode: "full",
        intervals: 1,
      });
      // All-day in the rep's zone (New York), transparent event ignored.
      const busy = (
        await listCalendarBusy(t.db, { userIds: [userId], from: new Date("2026-03-01Z"), to: new Date("2026-04-01Z") })
      ).get(userId);
      expect(busy?.map((i) => `${iso(i.start)}/${iso(i.end)}`)).toEqual([
        "2026-03-10T04:00:00.000Z/2026-03-12T04:00:00.000Z",
      ]);

      const before = requests;
      expect(
        (await refreshDueCalendars({ db: t.db, owner: "x", now: later(SYNC_EVERY_MS + 1) })).get(view.id),
      ).toMatchObject({
        status: "synced",
        mode: "unchanged",
      });
      expect(requests).toBe(before + 1);
    });
  });
});
