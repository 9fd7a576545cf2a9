/**
 * Write-back through the outbox against a real Radicale: a booking becomes an event (with the
 * attendee) in its host's calendar, moves on handoff, disappears on cancel; the outbox row is
 * written in the booking's transaction; Radicale stopped mid-run never blocks a booking and the
 * event arrives once it is back.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { describeWithRadicale, startRadicale, type Radicale, type RadicaleUser } from "@/tests/support/radicale";
import { testOutboxWorker } from "@/tests/support/outbox";
import { bookingCalendarEvents, calendarConnections, outboxJobs } from "@/db/schema";
import { seal } from "@/lib/crypto/secret-box";
import { secretContext } from "@/lib/calendars/sync-calendar";
import { connectCalendar } from "@/lib/calendars/connect-calendar";
import { eventUrl } from "@/lib/calendars/caldav-client";
import { CALENDAR_WRITE_JOB } from "@/lib/calendars/write-booking-event";
import { json, team } from "@/tests/api/_team";

for (const kind of dbKinds()) {
  describeWithRadicale(`calendar write-back on ${kind}`, () => {
    const t = useApiTestDb(kind);
    let radicale: Radicale;
    let s: Awaited<ReturnType<typeof team>>;
    let worker: ReturnType<typeof testOutboxWorker>;
    const cal: Record<string, { user: RadicaleUser; url: string }> = {};

    beforeAll(async () => {
      radicale = await startRadicale();
      s = await team(t.db, { weights: [1, 1] });
      for (const [i, rep] of s.reps.entries()) {
        const user = radicale.users[i];
        const url = await radicale.createCalendar(user, "work");
        cal[rep.id] = { user, url };
        await connectCalendar({
          db: t.db,
          workspaceId: s.workspace.id,
          userId: rep.id,
          input: { kind: "caldav", serverUrl: radicale.url, username: user.username, password: user.password },
        });
      }
      worker = testOutboxWorker({ db: t.db, kind }, { retryBaseMs: 100, retryCapMs: 300 });
    });
    afterAll(async () => {
      await worker?.stop();
      await radicale?.close();
    });

    /** The event text in a host's calendar, or null when there is none. */
    const eventIn = async (hostId: string, bookingId: string) => {
      const { user, url } = cal[hostId];
      const auth = "Basic " + Buffer.from(`${user.username}:${user.password}`).toString("base64");
      const r = await fetch(eventUrl(url, bookingId), { headers: { authorization: auth } });
      if (r.status === 404) return null;
      expect(r.status).toBe(200);
      return r.text();
    };
    const stateOf = async (bookingId: string) =>
      (await t.db.select().from(bookingCalendarEvents).where(eq(bookingCalendarEvents.bookingId, bookingId)))[0];
    const jobsFor = (bookingId: string) =>
      t.db
        .select()
        .from(outboxJobs)
        .where(
          and(eq(outboxJobs.kind, CALENDAR_WRITE_JOB), eq(outboxJobs.orderingKey, `calendar:booking:${bookingId}`)),
        );

    it("a forced booking lands in the host's calendar with the attendee, moves on handoff, goes on cancel", async () => {
      const [a, b] = s.reps.map((r) => r.id);
      const r = await s.book("2030-01-08T10:00:00Z", { hostIds: [a] });
      expect(r.status).toBe(201);
      const id = (await json(r)).id as string;
      // Written with the booking: a pending state and one job, nothing sent yet.
      expect((await stateOf(id)).state).toBe("pending");
      expect(await jobsFor(id)).toEqual([expect.objectContaining({ state: "pending", payload: { bookingId: id } })]);
      expect(await eventIn(a, id)).toBeNull();

      await worker.drain();
      const ics = await eventIn(a, id);
      expect(ics).toContain(`UID:${id}`);
      expect(ics).toMatch(/ATTENDEE[^:]*:mailto:lead@client\.test/);
      expect(ics).toContain("DTSTART:20300108T100000Z");
      expect(await stateOf(id)).toMatchObject({ state: "synced", userId: a, lastError: null, sequence: 1 });
      // Per booking, in the API too.
      const detail = await json(await s.client.get(`/v4/booking/${id}`));
      expect(detail.calendarEvent).toEqual({ state: "synced", lastError: null, syncedAt: expect.any(String) });

      const moved = await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: b });
      expect(moved.status).toBe(200);
      await worker.drain();
      expect(await eventIn(a, id)).toBeNull();
      expect(await eventIn(b, id)).toContain(`UID:${id}`);
      expect(await stateOf(id)).toMatchObject({ state: "synced", userId: b, sequence: 2 });

      expect((await s.client.delete(`/v4/booking/${id}`)).status).toBe(200);
      await worker.drain();
      expect(await eventIn(b, id)).toBeNull();
      expect(await stateOf(id)).toMatchObject({ state: "removed", connectionId: null });

      // A host without a calendar: no state, no job (workspaces without calendars write nothing extra).
      const plain = await s.book("2030-01-08T12:00:00Z", { hostIds: [s.admin.id] });
      expect(plain.status).toBe(201);
      const plainId = (await json(plain)).id as string;
      expect(await stateOf(plainId)).toBeUndefined();
      expect(await jobsFor(plainId)).toEqual([]);
    });

    it("a previous host's calendar that refuses us for good does not keep the event from the new host", async () => {
      const [a, b] = s.reps.map((r) => r.id);
      const id = (await json(await s.book("2030-01-10T10:00:00Z", { hostIds: [a] }))).id as string;
      await worker.drain();
      expect(await eventIn(a, id)).toContain(`UID:${id}`);
      // The rep's app password is revoked on the server side: Baton now holds a wrong one.
      const [conn] = await t.db.select().from(calendarConnections).where(eq(calendarConnections.userId, a));
      await t.db
        .update(calendarConnections)
        .set({ secretSealed: seal("revoked", { context: secretContext(conn.id) }) })
        .where(eq(calendarConnections.id, conn.id));
      expect((await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: b })).status).toBe(200);
      await worker.drain();
      expect(await eventIn(b, id)).toContain(`UID:${id}`);
      const st = await stateOf(id);
      expect(st).toMatchObject({ state: "synced", userId: b });
      expect(st.lastError).toMatch(/could not be removed from the previous calendar: The server refused/);
      expect(await eventIn(a, id)).toContain(`UID:${id}`); // left behind, and said so
      await t.db
        .update(calendarConnections)
        .set({ secretSealed: conn.secretSealed })
        .where(eq(calendarConnections.id, conn.id));
    });

    it("Radicale stopped mid-run: bookings still succeed, the state says why, the events arrive once it is back", async () => {
      await radicale.stop();
      const ids: string[] = [];
      for (const hour of [10, 11, 13]) {
        const started = Date.now();
        const r = await s.book(`2030-01-09T${hour}:00:00Z`);
        expect(r.status).toBe(201);
        expect(Date.now() - started).toBeLessThan(3_000); // never waits on the calendar server
        ids.push((await json(r)).id);
      }
      await worker.drain({ maxRounds: 1 });
      for (const id of ids) {
        const st = await stateOf(id);
        expect(st.state).toBe("failed");
        expect(st.lastError).toMatch(/calendar server|reach|connect/i);
        const detail = await json(await s.client.get(`/v4/booking/${id}`));
        expect(detail.calendarEvent).toMatchObject({ state: "failed", lastError: st.lastError });
        expect((await jobsFor(id))[0]).toMatchObject({ state: "pending" });
      }
      await radicale.start();
      // Retried with backoff (compressed for the test) until it goes through.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (await Promise.all(ids.map(stateOf))).some((x) => x.state !== "synced")) {
        await new Promise((res) => setTimeout(res, 150));
        await worker.drain({ maxRounds: 1 });
      }
      const rows = await t.db.select().from(bookingCalendarEvents);
      for (const id of ids) {
        const st = rows.find((x) => x.bookingId === id)!;
        expect(st).toMatchObject({ state: "synced", lastError: null });
        expect(await eventIn(st.userId!, id)).toContain(`UID:${id}`);
        expect((await jobsFor(id)).every((j) => j.state === "done")).toBe(true);
      }
    });
  });
}
