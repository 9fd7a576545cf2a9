/**
 * Handoffs (issue #5) through the real route handlers: POST /v4/handoff/appointment,
 * GET /v4/handoff/available-handoffs, POST /v4/handoff/bulk, POST /v4/handoff/coverage.
 * Bookings are made with POST /v4/booking (forced hostIds), so counters and events are real.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, like } from "drizzle-orm";
import { availabilityExceptions, bookings, events, queueMemberStats } from "@/db/schema";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { addUser, setWorkingHours } from "@/lib/people/manage-users";
import { addMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { createException } from "@/lib/people/manage-availability-exceptions";
import { json, team, uuid0 } from "./_team";
import { ALL_DAY } from "@/lib/slots";

type Team = Awaited<ReturnType<typeof team>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe.each(dbKinds())("handoffs on %s", (kind) => {
  const t = useApiTestDb(kind);

  async function bookFor(s: Team, hostId: string, start: string): Promise<string> {
    const r = await s.book(start, { hostIds: [hostId] });
    expect(r.status, await r.clone().text()).toBe(201);
    return (await json(r)).id;
  }
  async function hostOf(id: string) {
    const [b] = await t.db.select().from(bookings).where(eq(bookings.id, id));
    return b.hostId;
  }
  async function counts(queueId: string): Promise<Record<string, number>> {
    const rows = await t.db.select().from(queueMemberStats).where(eq(queueMemberStats.queueId, queueId));
    const out: Record<string, number> = {};
    for (const r of rows) out[r.userId] = (out[r.userId] ?? 0) + r.count;
    return out;
  }
  /** Bookings each member hosts for a routed host that keeps the credit (lib/routing/README.md, "Handoffs"). */
  async function covered(queueId: string): Promise<Record<string, number>> {
    const rows = await t.db.select().from(queueMemberStats).where(eq(queueMemberStats.queueId, queueId));
    const out: Record<string, number> = {};
    for (const r of rows) out[r.userId] = (out[r.userId] ?? 0) + r.covered;
    return out;
  }
  async function handoffEvents(workspaceId: string) {
    return t.db
      .select()
      .from(events)
      .where(and(eq(events.workspaceId, workspaceId), like(events.type, "handoff.%")));
  }
  async function expectError(r: Response, status: number, code?: string) {
    const body = await json(r);
    expect(r.status, JSON.stringify(body)).toBe(status);
    expect(body.error).toMatchObject(code ? { code } : {});
    expect(typeof body.error.message).toBe("string");
    return body.error;
  }

  describe("POST /v4/handoff/appointment", () => {
    let s: Team;
    let other: Team;
    let outsider: { id: string };
    let A: string, B: string, C: string;
    beforeAll(async () => {
      s = await team(t.db, { weights: [1, 1, 1], strategy: "round_robin" });
      [A, B, C] = s.reps.map((r) => r.id);
      outsider = await addUser(t.db, {
        workspaceId: s.workspace.id,
        name: "Dana Outsider",
        email: `dana-${Date.now()}-${kind}@team.test`,
        workingHours: [...ALL_DAY],
      });
      other = await team(t.db, { weights: [1] });
    });

    it("moves a booking to a user: host, updatedAt, fairness counters, history", async () => {
      const id = await bookFor(s, A, "2030-01-07T10:00:00Z");
      const before = await counts(s.queue.id);
      const [row0] = await t.db.select().from(bookings).where(eq(bookings.id, id));
      const r = await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: B });
      const body = await json(r);
      expect(r.status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        id,
        hostId: B,
        host: { id: B },
        status: "confirmed",
        queueId: s.queue.id,
        from: { id: A, name: "Rep 0" },
        to: { id: B, name: "Rep 1" },
        viaQueueId: null,
      });
      expect(body.reason).toContain("Rep 1");
      expect(body.start).toBe("2030-01-07T10:00:00.000Z");

      // The routed host keeps the count (standings never change on a handoff); B's cover is counted apart.
      const after = await counts(s.queue.id);
      expect(after[A]).toBe(before[A]);
      expect(after[B] ?? 0).toBe(before[B] ?? 0);
      expect((await covered(s.queue.id))[B]).toBe(1);
      const [row] = await t.db.select().from(bookings).where(eq(bookings.id, id));
      expect(row.windowKey).toBe(row0.windowKey);
      expect(row.updatedAt.getTime()).toBeGreaterThanOrEqual(row0.updatedAt.getTime());

      const detail = await json(await s.client.get(`/v4/booking/${id}`));
      expect(detail.hostId).toBe(B);
      const ev = detail.events.find((e: Any) => e.type === "handoff.appointment");
      expect(ev).toMatchObject({ fromUserId: A, toUserId: B, actorUserId: s.admin.id });
      expect(ev.reason).toContain("Rep 1");
      expect(detail.events.map((e: Any) => e.type)).toEqual(["booking.forced", "handoff.appointment"]);
    });

    it("to a non-member: the booking stays in its queue, the routed host keeps the count, the outsider covers", async () => {
      const id = await bookFor(s, A, "2030-01-07T11:00:00Z");
      const before = await counts(s.queue.id);
      const r = await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: outsider.id });
      const body = await json(r);
      expect(r.status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ hostId: outsider.id, queueId: s.queue.id });
      const [row] = await t.db.select().from(bookings).where(eq(bookings.id, id));
      expect(row).toMatchObject({ queueId: s.queue.id, windowKey: expect.any(String) });
      // Still in its queue's list.
      const listed = await json(await s.client.get(`/v4/booking?queueId=${s.queue.id}&limit=200`));
      expect(listed.bookings.map((x: Any) => x.id)).toContain(id);
      const after = await counts(s.queue.id);
      expect(after[A]).toBe(before[A]);
      expect(after[outsider.id] ?? 0).toBe(0);
      expect((await covered(s.queue.id))[outsider.id]).toBe(1);
      // A later cancel takes back the lead from A and the cover from the outsider.
      expect((await s.client.post(`/v4/booking/${id}/cancel`, {})).status).toBe(200);
      expect((await counts(s.queue.id))[A]).toBe(before[A] - 1);
      expect((await covered(s.queue.id))[outsider.id]).toBe(0);
    });

    it("via a queue: routing at the booking's time picks a free host other than the current one", async () => {
      await bookFor(s, B, "2030-01-07T12:00:00Z"); // B is busy then
      const id = await bookFor(s, A, "2030-01-07T12:00:00Z");
      const before = await counts(s.queue.id);
      const coveredBefore = (await covered(s.queue.id))[C] ?? 0;
      const r = await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetQueueId: s.queue.id });
      const body = await json(r);
      expect(r.status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({
        hostId: C,
        from: { id: A },
        to: { id: C },
        viaQueueId: s.queue.id,
        queueId: s.queue.id,
      });
      expect(body.reason).toContain("via queue");
      const after = await counts(s.queue.id);
      expect(after[A]).toBe(before[A]);
      expect(after[C] ?? 0).toBe(before[C] ?? 0);
      expect((await covered(s.queue.id))[C]).toBe(coveredBefore + 1);
      const detail = await json(await s.client.get(`/v4/booking/${id}`));
      expect(detail.events.at(-1)).toMatchObject({
        type: "handoff.appointment",
        fromUserId: A,
        toUserId: C,
        data: { viaQueueId: s.queue.id },
      });
    });

    it("refuses bad input and unavailable targets with the envelope, changing nothing", async () => {
      const id = await bookFor(s, A, "2030-01-07T14:00:00Z");
      await bookFor(s, B, "2030-01-07T14:00:00Z");
      await createException(t.db, s.workspace.id, C, {
        startDate: "2030-01-07T13:00:00Z",
        endDate: "2030-01-07T16:00:00Z",
        isAvailable: false,
        name: "Dentist",
      });
      const evBefore = (await handoffEvents(s.workspace.id)).length;
      const statsBefore = await counts(s.queue.id);
      const post = (body: unknown) => s.client.post("/v4/handoff/appointment", body);

      await expectError(await post({}), 400, "validation_failed");
      await expectError(await post({ appointmentId: id }), 400, "validation_failed");
      await expectError(
        await post({ appointmentId: id, targetUserId: B, targetQueueId: s.queue.id }),
        400,
        "validation_failed",
      );
      await expectError(await post({ appointmentId: "nope", targetUserId: B }), 400, "validation_failed");
      await expectError(
        await s.client.call("POST", "/v4/handoff/appointment", {
          rawBody: "{}",
          headers: { "content-type": "text/plain" },
        }),
        415,
      );

      const busy = await expectError(await post({ appointmentId: id, targetUserId: B }), 409, "host_unavailable");
      expect(busy.details).toMatchObject({ userId: B, code: "busy" });
      const away = await expectError(await post({ appointmentId: id, targetUserId: C }), 409, "host_unavailable");
      expect(away.details).toMatchObject({ userId: C, code: "on_exception" });
      expect(away.message).toContain("exception");
      await expectError(await post({ appointmentId: id, targetUserId: A }), 422, "unprocessable");
      // Everyone else in the queue is busy or away.
      const none = await expectError(
        await post({ appointmentId: id, targetQueueId: s.queue.id }),
        409,
        "no_eligible_host",
      );
      expect(none.details.excluded.map((x: Any) => x.code).sort()).toEqual(["busy", "on_exception"]);

      // Other workspaces' ids are unknown here, and this workspace's booking is unknown there.
      await expectError(await post({ appointmentId: uuid0, targetUserId: B }), 404, "not_found");
      await expectError(await post({ appointmentId: id, targetUserId: other.reps[0].id }), 404, "not_found");
      await expectError(await post({ appointmentId: id, targetQueueId: other.queue.id }), 404, "not_found");
      await expectError(
        await other.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: other.reps[0].id }),
        404,
        "not_found",
      );

      expect(await hostOf(id)).toBe(A);
      expect((await handoffEvents(s.workspace.id)).length).toBe(evBefore);
      expect(await counts(s.queue.id)).toEqual(statsBefore);

      // A cancelled booking cannot be handed off.
      expect((await s.client.post(`/v4/booking/${id}/cancel`, {})).status).toBe(200);
      await expectError(await post({ appointmentId: id, targetUserId: outsider.id }), 409, "conflict");
      expect(await hostOf(id)).toBe(A);
    });
  });

  describe("GET /v4/handoff/available-handoffs", () => {
    it("lists free users, why the others are not free, and queues that could take it", async () => {
      const s = await team(t.db, { weights: [1, 1, 1, 1], strategy: "round_robin" });
      const [A, B, C, D] = s.reps.map((r) => r.id);
      const E = (
        await addUser(t.db, {
          workspaceId: s.workspace.id,
          name: "Eve",
          email: `eve-${Date.now()}-${kind}@team.test`,
          workingHours: [...ALL_DAY],
        })
      ).id;
      await setWorkingHours(
        t.db,
        D,
        [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 720 })),
      );
      const second = await addMeetingType(t.db, {
        workspaceId: s.workspace.id,
        name: "Overflow",
        slug: `overflow-${kind}`,
        durationMinutes: 30,
      });
      expect(
        (await s.client.patch(`/v4/queue/meeting-type/${second.meetingType.id}`, { users: [{ userId: E, weight: 1 }] }))
          .status,
      ).toBe(200);

      const id = await bookFor(s, A, "2030-01-08T16:00:00Z");
      await bookFor(s, B, "2030-01-08T16:00:00Z");
      await createException(t.db, s.workspace.id, C, {
        startDate: "2030-01-08",
        endDate: "2030-01-08",
        isAvailable: false,
        name: "Off",
      });

      const r = await s.client.get(`/v4/handoff/available-handoffs?appointmentId=${id}`);
      const body = await json(r);
      expect(r.status, JSON.stringify(body)).toBe(200);
      expect(body).toMatchObject({ appointmentId: id, currentHostId: A, start: "2030-01-08T16:00:00.000Z" });
      // The admin has the workspace's default hours (Mon–Fri 09:00–17:00 Berlin): 17:00 local is outside them.
      expect(body.users.map((u: Any) => u.userId).sort()).toEqual([E]);
      expect(body.users.find((u: Any) => u.userId === E)).toMatchObject({
        name: "Eve",
        available: true,
        queueMember: false,
      });
      const why = Object.fromEntries(body.unavailable.map((u: Any) => [u.userId, u.code]));
      expect(why).toEqual({
        [B]: "busy",
        [C]: "on_exception",
        [D]: "outside_working_hours",
        [s.admin.id]: "outside_working_hours",
      });
      expect(body.unavailable.every((u: Any) => typeof u.reason === "string" && u.reason && u.name)).toBe(true);
      // The booking's own queue has nobody else free; the overflow queue offers Eve.
      expect(body.queues).toEqual([
        {
          queueId: second.queue.id,
          name: "Overflow",
          meetingTypeId: second.meetingType.id,
          nextHost: { userId: E, name: "Eve", reason: expect.any(String) },
          eligibleHosts: 1,
        },
      ]);

      // What it lists works: handing off to a listed user succeeds.
      expect(
        (await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetQueueId: second.queue.id })).status,
      ).toBe(200);
      expect(await hostOf(id)).toBe(E);

      await expectError(await s.client.get("/v4/handoff/available-handoffs"), 400, "validation_failed");
      await expectError(await s.client.get("/v4/handoff/available-handoffs?appointmentId=x"), 400, "validation_failed");
      const other = await team(t.db, { weights: [1] });
      await expectError(await other.client.get(`/v4/handoff/available-handoffs?appointmentId=${id}`), 404, "not_found");
    });
  });

  describe("POST /v4/handoff/bulk", () => {
    let s: Team;
    let A: string, B: string, C: string;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      s = await team(t.db, { weights: [1, 1, 1], strategy: "round_robin" });
      [A, B, C] = s.reps.map((r) => r.id);
      // The acting user (admin) is in Europe/Berlin (UTC+1 in January): days are Berlin days.
      ids.firstMinute = await bookFor(s, A, "2030-01-07T23:30:00Z"); // Jan 8 00:30 Berlin: in
      ids.busyTarget = await bookFor(s, A, "2030-01-08T10:00:00Z"); // B busy then: fails
      await bookFor(s, B, "2030-01-08T10:00:00Z");
      ids.second = await bookFor(s, A, "2030-01-09T10:00:00Z"); // in
      ids.after = await bookFor(s, A, "2030-01-09T23:30:00Z"); // Jan 10 00:30 Berlin: out
      ids.before = await bookFor(s, A, "2030-01-07T22:30:00Z"); // Jan 7 23:30 Berlin: out
      ids.otherHost = await bookFor(s, C, "2030-01-08T12:00:00Z"); // not from A: untouched
    });
    const body = () => ({ fromUserIds: [A], targetUserId: B, startDate: "2030-01-08", endDate: "2030-01-09" });

    it("validates the body and the users, changing nothing", async () => {
      const post = (b: unknown) => s.client.post("/v4/handoff/bulk", b);
      const before = (await handoffEvents(s.workspace.id)).length;
      const many = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
      for (const bad of [
        { ...body(), fromUserIds: [] },
        { ...body(), fromUserIds: [A, A] },
        { ...body(), fromUserIds: many },
        { ...body(), targetUserId: A },
        { ...body(), targetQueueId: s.queue.id },
        { fromUserIds: [A], startDate: "2030-01-08", endDate: "2030-01-09" },
        { ...body(), endDate: "2030-01-07" },
        { ...body(), startDate: "2030-01-01", endDate: "2031-01-02" },
        { ...body(), startDate: "08.01.2030" },
      ]) {
        await expectError(await post(bad), 400, "validation_failed");
      }
      const other = await team(t.db, { weights: [1] });
      await expectError(await post({ ...body(), fromUserIds: [A, other.reps[0].id] }), 404, "not_found");
      await expectError(await post({ ...body(), targetUserId: other.reps[0].id }), 404, "not_found");
      await expectError(
        await post({ ...body(), targetUserId: undefined, targetQueueId: other.queue.id }),
        404,
        "not_found",
      );
      expect((await handoffEvents(s.workspace.id)).length).toBe(before);
      expect(await hostOf(ids.second)).toBe(A);
    });

    it("a dry run reports the plan and changes nothing", async () => {
      const statsBefore = await counts(s.queue.id);
      const r = await s.client.post("/v4/handoff/bulk", { ...body(), dryRun: true });
      const out = await json(r);
      expect(r.status, JSON.stringify(out)).toBe(200);
      expect(out).toMatchObject({ dryRun: true, handedOff: 2 });
      expect(out.moved.map((m: Any) => m.appointmentId)).toEqual([ids.firstMinute, ids.second]);
      expect(out.failed.map((m: Any) => [m.appointmentId, m.code])).toEqual([[ids.busyTarget, "busy"]]);
      expect(await hostOf(ids.firstMinute)).toBe(A);
      expect(await counts(s.queue.id)).toEqual(statsBefore);
      expect(await handoffEvents(s.workspace.id)).toHaveLength(0);
    });

    it("moves each appointment on its own; one that cannot move fails alone and keeps its host", async () => {
      const statsBefore = await counts(s.queue.id);
      const r = await s.client.post("/v4/handoff/bulk", body());
      const out = await json(r);
      expect(r.status, JSON.stringify(out)).toBe(200);
      expect(out.handedOff).toBe(2);
      expect(out.range).toEqual({
        start: "2030-01-07T23:00:00.000Z",
        end: "2030-01-09T23:00:00.000Z",
        timeZone: "Europe/Berlin",
      });
      expect(out.moved).toEqual([
        expect.objectContaining({ appointmentId: ids.firstMinute, fromUserId: A, toUserId: B }),
        expect.objectContaining({ appointmentId: ids.second, fromUserId: A, toUserId: B }),
      ]);
      expect(out.failed).toHaveLength(1);
      expect(out.failed[0]).toMatchObject({ appointmentId: ids.busyTarget, fromUserId: A, code: "busy" });
      expect(out.failed[0].reason).toContain("busy");
      expect(out.skipped).toEqual([]);

      expect(await hostOf(ids.firstMinute)).toBe(B);
      expect(await hostOf(ids.second)).toBe(B);
      expect(await hostOf(ids.busyTarget)).toBe(A);
      expect(await hostOf(ids.after)).toBe(A);
      expect(await hostOf(ids.before)).toBe(A);
      expect(await hostOf(ids.otherHost)).toBe(C);
      const after = await counts(s.queue.id);
      expect(after[A]).toBe(statsBefore[A]);
      expect(after[B]).toBe(statsBefore[B]);
      expect((await covered(s.queue.id))[B]).toBe(2);

      const detail = await json(await s.client.get(`/v4/booking/${ids.second}`));
      expect(detail.events.at(-1)).toMatchObject({
        type: "handoff.bulk",
        fromUserId: A,
        toUserId: B,
        actorUserId: s.admin.id,
      });
    });

    it("running it again moves nothing twice", async () => {
      const statsBefore = await counts(s.queue.id);
      const r = await s.client.post("/v4/handoff/bulk", body());
      const out = await json(r);
      expect(r.status).toBe(200);
      expect(out.handedOff).toBe(0);
      expect(out.moved).toEqual([]);
      expect(out.failed.map((f: Any) => f.appointmentId)).toEqual([ids.busyTarget]); // still genuinely failing
      expect(await counts(s.queue.id)).toEqual(statsBefore);
      const evs = await handoffEvents(s.workspace.id);
      expect(evs.filter((e) => e.type === "handoff.bulk")).toHaveLength(2);
    });

    it("via a queue: spreads the appointments over the other members, never back to a fromUser", async () => {
      const q = await team(t.db, { weights: [1, 1, 1], strategy: "round_robin" });
      const [X, Y, Z] = q.reps.map((r) => r.id);
      const mine = [];
      for (const h of [9, 10, 11, 12])
        mine.push(await bookFor(q, X, `2030-01-15T${String(h).padStart(2, "0")}:00:00Z`));
      const r = await q.client.post("/v4/handoff/bulk", {
        fromUserIds: [X],
        targetQueueId: q.queue.id,
        startDate: "2030-01-15",
        endDate: "2030-01-15",
      });
      const out = await json(r);
      expect(r.status, JSON.stringify(out)).toBe(200);
      expect(out.handedOff).toBe(4);
      const to = out.moved.map((m: Any) => m.toUserId);
      expect(to.filter((u: string) => u === Y)).toHaveLength(2);
      expect(to.filter((u: string) => u === Z)).toHaveLength(2);
      const rows = await t.db.select().from(bookings).where(inArray(bookings.id, mine));
      expect(rows.every((b) => b.hostId !== X && b.queueId === q.queue.id)).toBe(true);
      // X keeps its four leads; the covers are counted apart and spread, not piled on one member.
      const c = await counts(q.queue.id);
      expect(c[X]).toBe(4);
      const cov = await covered(q.queue.id);
      expect([cov[Y], cov[Z]]).toEqual([2, 2]);
    });
  });

  describe("POST /v4/handoff/coverage", () => {
    it("dry run changes nothing; run creates the exception first, then hands off; routing stops offering the user", async () => {
      const s = await team(t.db, { weights: [1, 1, 1], strategy: "round_robin" });
      const [A, B, C] = s.reps.map((r) => r.id); // reps are in UTC: the absence is in UTC days
      const first = await bookFor(s, A, "2030-01-14T10:00:00Z");
      const second = await bookFor(s, A, "2030-01-15T10:00:00Z");
      const later = await bookFor(s, A, "2030-01-16T10:00:00Z");
      await bookFor(s, B, "2030-01-15T10:00:00Z");
      const req = { userId: A, targetUserId: B, startDate: "2030-01-14", endDate: "2030-01-15", name: "Ski trip" };

      const preview = await json(await s.client.post("/v4/handoff/coverage", { ...req, dryRun: true }));
      expect(preview).toMatchObject({
        dryRun: true,
        handedOff: 1,
        exceptionCreated: false,
        exception: {
          id: null,
          userId: A,
          name: "Ski trip",
          isAvailable: false,
          startsAt: "2030-01-14T00:00:00.000Z",
          endsAt: "2030-01-16T00:00:00.000Z",
        },
      });
      expect(preview.moved.map((m: Any) => [m.appointmentId, m.toUserId])).toEqual([[first, B]]);
      expect(preview.failed.map((m: Any) => [m.appointmentId, m.code])).toEqual([[second, "busy"]]);
      expect(await t.db.select().from(availabilityExceptions).where(eq(availabilityExceptions.userId, A))).toHaveLength(
        0,
      );
      expect(await hostOf(first)).toBe(A);
      expect(await handoffEvents(s.workspace.id)).toHaveLength(0);

      const r = await s.client.post("/v4/handoff/coverage", req);
      const run = await json(r);
      expect(r.status, JSON.stringify(run)).toBe(200);
      expect(run).toMatchObject({
        dryRun: false,
        handedOff: 1,
        exceptionCreated: true,
        exception: { userId: A, isAvailable: false, name: "Ski trip" },
      });
      expect(run.exception.id).toEqual(expect.any(String));
      expect(run.moved).toEqual([expect.objectContaining({ appointmentId: first, toUserId: B })]);
      expect(run.failed).toEqual([expect.objectContaining({ appointmentId: second, code: "busy" })]);
      expect(await hostOf(first)).toBe(B);
      expect(await hostOf(second)).toBe(A);
      expect(await hostOf(later)).toBe(A);
      const [ex] = await t.db.select().from(availabilityExceptions).where(eq(availabilityExceptions.userId, A));
      expect(ex.startsAt.toISOString()).toBe("2030-01-14T00:00:00.000Z");
      expect(ex.endsAt.toISOString()).toBe("2030-01-16T00:00:00.000Z");
      const detail = await json(await s.client.get(`/v4/booking/${first}`));
      expect(detail.events.at(-1)).toMatchObject({
        type: "handoff.bulk",
        fromUserId: A,
        toUserId: B,
        data: { coverage: { exceptionId: ex.id } },
      });

      // Routing no longer offers A in the range, and does again after it.
      const next = await json(await s.client.get(`/v4/queue/${s.queue.id}/next?start=2030-01-14T15:00:00Z`));
      expect(next.nextHosts.map((h: Any) => h.userId)).not.toContain(A);
      expect(next.excluded).toContainEqual(expect.objectContaining({ userId: A, code: "on_exception" }));
      const afterwards = await json(await s.client.get(`/v4/queue/${s.queue.id}/next?start=2030-01-16T15:00:00Z`));
      expect(afterwards.nextHosts.map((h: Any) => h.userId)).toContain(A);

      // Again: the same exception is reused, nothing moves twice.
      const again = await json(await s.client.post("/v4/handoff/coverage", req));
      expect(again).toMatchObject({ handedOff: 0, exceptionCreated: false, exception: { id: ex.id } });
      expect(again.failed.map((f: Any) => f.appointmentId)).toEqual([second]);
      expect(await t.db.select().from(availabilityExceptions).where(eq(availabilityExceptions.userId, A))).toHaveLength(
        1,
      );

      // Via the queue, the busy one goes to C instead.
      const viaQueue = await json(
        await s.client.post("/v4/handoff/coverage", { ...req, targetUserId: undefined, targetQueueId: s.queue.id }),
      );
      expect(viaQueue).toMatchObject({ handedOff: 1, failed: [] });
      expect(viaQueue.moved).toEqual([expect.objectContaining({ appointmentId: second, toUserId: C })]);
    });

    it("refuses bad input and other workspaces' ids, changing nothing", async () => {
      const s = await team(t.db, { weights: [1, 1] });
      const [A, B] = s.reps.map((r) => r.id);
      const other = await team(t.db, { weights: [1] });
      const post = (b: unknown) => s.client.post("/v4/handoff/coverage", b);
      const base = { userId: A, targetUserId: B, startDate: "2030-02-01", endDate: "2030-02-03" };
      await expectError(await post({ ...base, targetUserId: A }), 400, "validation_failed");
      await expectError(await post({ ...base, endDate: "2030-01-31" }), 400, "validation_failed");
      await expectError(await post({ ...base, targetQueueId: s.queue.id }), 400, "validation_failed");
      await expectError(await post({ ...base, userId: other.reps[0].id }), 404, "not_found");
      await expectError(await post({ ...base, targetUserId: other.reps[0].id }), 404, "not_found");
      expect(
        await t.db.select().from(availabilityExceptions).where(eq(availabilityExceptions.workspaceId, s.workspace.id)),
      ).toHaveLength(0);
    });
  });
});
