/**
 * Write-side fairness (issue #15) through the real routes and use cases: handoffs keep standings
 * (covered is counted apart, or the count moves with credit compensation), weight changes from now
 * or over the whole window, and the return policy on joins and tier moves.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { bookings, queueMemberStats } from "@/db/schema";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { windowKey } from "@/lib/routing";
import { loadUseCaseContext } from "@/lib/context";
import { moveGroupMember } from "@/lib/queues/manage-queue-groups";
import { previewWeightChange } from "@/lib/dashboard/preview-weight-change";
import { previewQueue } from "@/lib/dashboard/preview-queue";
import { addUser } from "@/lib/people/manage-users";
import { ALL_DAY } from "@/lib/slots";
import { at, json, team } from "./_team";

type Team = Awaited<ReturnType<typeof team>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

describe.each(dbKinds())("fairness semantics on %s", (kind) => {
  const t = useApiTestDb(kind);

  const key = () => windowKey("month", Date.now(), "Europe/Berlin");
  async function stats(queueId: string) {
    const rows = await t.db
      .select()
      .from(queueMemberStats)
      .where(and(eq(queueMemberStats.queueId, queueId), eq(queueMemberStats.windowKey, key())));
    return new Map(rows.map((r) => [r.userId, r]));
  }
  async function standing(queueId: string, userId: string) {
    const r = (await stats(queueId)).get(userId);
    return r ? r.count + r.credit : 0;
  }
  /** Seeds this window's counters directly (what N routed bookings would have left). */
  async function seed(queueId: string, counts: Record<string, number>) {
    for (const [userId, count] of Object.entries(counts))
      await t.db.insert(queueMemberStats).values({ queueId, userId, windowKey: key(), count, credit: 0 });
  }
  async function ranking(s: Team) {
    const body = await json(await s.client.get(`/v4/queue/${s.queue.id}/next`));
    return body.nextHosts.map((h: Any) => h.userId);
  }
  async function routedBookings(s: Team, n: number, from = 0) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await s.book(at(10 + from + i));
      expect(r.status, await r.clone().text()).toBe(201);
      ids.push((await json(r)).id);
    }
    return ids;
  }

  describe("handoffs keep standings", () => {
    let s: Team;
    let A: string, B: string;
    beforeAll(async () => {
      s = await team(t.db, { weights: [1, 1, 1], strategy: "weighted" });
      [A, B] = s.reps.map((r) => r.id);
    });

    it("keep_routed_credit (default): the routed host keeps the count, the backup's cover is counted apart", async () => {
      const ids = await routedBookings(s, 9);
      const ofA = [];
      for (const id of ids) {
        const [b] = await t.db.select().from(bookings).where(eq(bookings.id, id));
        expect(b).toMatchObject({ creditedUserId: b.hostId, countedUserId: b.hostId });
        if (b.hostId === A) ofA.push(id);
      }
      expect(ofA).toHaveLength(3);
      const before = await ranking(s);
      const queue0 = await json(await s.client.get(`/v4/queue/${s.queue.id}`));
      expect(queue0.handoffFairness).toBe("keep_routed_credit");

      for (const id of ofA) {
        const r = await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: B });
        expect(r.status, await r.clone().text()).toBe(200);
      }
      const st = await stats(s.queue.id);
      expect(st.get(A)).toMatchObject({ count: 3, credit: 0, covered: 0 });
      expect(st.get(B)).toMatchObject({ count: 3, credit: 0, covered: 3 });
      // Who's next is exactly as before: the absentee is not flooded, the backup not behind.
      expect(await ranking(s)).toEqual(before);
      const queue = await json(await s.client.get(`/v4/queue/${s.queue.id}`));
      expect(queue.users.find((u: Any) => u.userId === B).covered).toBe(3);
      expect(queue.users.find((u: Any) => u.userId === A).covered).toBe(0);
      const [b0] = await t.db.select().from(bookings).where(eq(bookings.id, ofA[0]));
      expect(b0).toMatchObject({ hostId: B, creditedUserId: A, countedUserId: A, queueId: s.queue.id });

      // A cancel takes the whole contribution back: the lead from A, the cover from B.
      expect((await s.client.post(`/v4/booking/${ofA[0]}/cancel`, {})).status).toBe(200);
      const st2 = await stats(s.queue.id);
      expect(st2.get(A)).toMatchObject({ count: 2, covered: 0 });
      expect(st2.get(B)).toMatchObject({ count: 3, covered: 2 });
    });

    it("move_count: the count moves, credit compensates, standings and ranking unchanged", async () => {
      const r0 = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
        users: s.reps.map((r) => ({ userId: r.id, weight: 1 })),
        handoffFairness: "move_count",
      });
      expect(r0.status, await r0.clone().text()).toBe(200);
      expect((await json(r0)).handoffFairness).toBe("move_count");
      const [id] = await routedBookings(s, 1, 20);
      const [b] = await t.db.select().from(bookings).where(eq(bookings.id, id));
      const from = b.hostId;
      const to = s.reps.map((r) => r.id).find((u) => u !== from)!;
      const before = await ranking(s);
      const sFrom = await standing(s.queue.id, from);
      const sTo = await standing(s.queue.id, to);
      const c0 = await stats(s.queue.id);
      const r = await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: to });
      expect(r.status, await r.clone().text()).toBe(200);
      const c1 = await stats(s.queue.id);
      expect(c1.get(from)!.count).toBe(c0.get(from)!.count - 1);
      expect(c1.get(to)!.count).toBe(c0.get(to)!.count + 1);
      expect(await standing(s.queue.id, from)).toBeCloseTo(sFrom, 9);
      expect(await standing(s.queue.id, to)).toBeCloseTo(sTo, 9);
      expect(await ranking(s)).toEqual(before);
      const [moved] = await t.db.select().from(bookings).where(eq(bookings.id, id));
      expect(moved).toMatchObject({ creditedUserId: from, countedUserId: to });
      // cancel: everything this booking contributed is gone
      expect((await s.client.post(`/v4/booking/${id}/cancel`, {})).status).toBe(200);
      expect(await standing(s.queue.id, to)).toBeCloseTo(sTo, 9);
      expect(await standing(s.queue.id, from)).toBeCloseTo(sFrom - 1, 9);
    });

    it("a non-member target keeps the booking in its queue and is counted as covering", async () => {
      const outsider = await addUser(t.db, {
        workspaceId: s.workspace.id,
        name: "Olga Outsider",
        email: `olga-${Date.now()}-${kind}@team.test`,
        workingHours: [...ALL_DAY],
      });
      const [id] = await routedBookings(s, 1, 30);
      const [b] = await t.db.select().from(bookings).where(eq(bookings.id, id));
      const sHost = await standing(s.queue.id, b.hostId);
      const r = await s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: outsider.id });
      expect(r.status, await r.clone().text()).toBe(200);
      const [row] = await t.db.select().from(bookings).where(eq(bookings.id, id));
      expect(row).toMatchObject({ queueId: s.queue.id, creditedUserId: b.hostId, countedUserId: b.hostId });
      expect(await standing(s.queue.id, b.hostId)).toBeCloseTo(sHost, 9);
      expect((await stats(s.queue.id)).get(outsider.id)).toMatchObject({ count: 0, covered: 1 });
    });
  });

  describe("weight changes", () => {
    it("from now (the default) re-bases to par; over the whole window keeps the counters", async () => {
      const s = await team(t.db, { weights: [3, 3, 2, 2] });
      const ids = s.reps.map((r) => r.id);
      await seed(s.queue.id, { [ids[0]]: 15, [ids[1]]: 15, [ids[2]]: 10, [ids[3]]: 10 });
      const ctx = await loadUseCaseContext(t.db, s.workspace.id, s.admin.id);
      const users = [4, 2, 2, 2].map((weight, i) => ({ userId: ids[i], weight }));
      const p = await previewWeightChange(ctx, { queueId: s.queue.id, bookings: 20, settings: { users } });
      expect(p.weightsChanged).toBe(true);
      expect(p.rows.map((r) => r.fromNow)).toEqual([8, 4, 4, 4]);
      expect(p.rows.map((r) => r.wholeWindow)).toEqual([12, 0, 4, 4]);

      // whole window: counters untouched
      let r = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
        users,
        weightChange: "whole_window",
      });
      expect(r.status, await r.clone().text()).toBe(200);
      for (const [i, c] of [15, 15, 10, 10].entries()) expect(await standing(s.queue.id, ids[i])).toBeCloseTo(c, 9);

      // back to 3/3/2/2 with no field: from now, everyone at par (50 / 10 per unit weight)
      r = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
        users: [3, 3, 2, 2].map((weight, i) => ({ userId: ids[i], weight })),
      });
      expect(r.status, await r.clone().text()).toBe(200);
      for (const [i, c] of [15, 15, 10, 10].entries()) expect(await standing(s.queue.id, ids[i])).toBeCloseTo(c, 9);
      r = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, { users, weightChange: "from_now" });
      expect(r.status, await r.clone().text()).toBe(200);
      for (const [i, c] of [20, 10, 10, 10].entries()) expect(await standing(s.queue.id, ids[i])).toBeCloseTo(c, 9);
      const st = await stats(s.queue.id);
      expect(st.get(ids[1])).toMatchObject({ count: 15, credit: -5 });
    });

    it("the queue page's preview with edits is what the queue previews as saved after the save", async () => {
      const s = await team(t.db, { weights: [3, 3, 2, 2] });
      const ids = s.reps.map((r) => r.id);
      await seed(s.queue.id, { [ids[0]]: 15, [ids[1]]: 15, [ids[2]]: 10, [ids[3]]: 10 });
      const ctx = await loadUseCaseContext(t.db, s.workspace.id, s.admin.id);
      const users = [4, 2, 2, 2].map((weight, i) => ({ userId: ids[i], weight }));
      const now = Date.now();
      const before = await previewQueue(ctx, { queueId: s.queue.id, bookings: 40, settings: { users } }, now);
      const r = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, { users });
      expect(r.status, await r.clone().text()).toBe(200);
      const after = await previewQueue(ctx, { queueId: s.queue.id, bookings: 40, settings: { users } }, now);
      const counts = (p: typeof before, k: "current" | "edited") =>
        ids.map((id) => p.rows.find((x) => x.userId === id)![k]);
      // From now (the default save): re-based to par, so the walk follows 4/2/2/2 at once, no catch-up.
      expect(counts(after, "current")).toEqual(counts(before, "edited"));
      expect(counts(before, "edited")).toEqual([16, 8, 8, 8]);
    });

    it("rejects an unknown weightChange in plain words, 400 with the field", async () => {
      const s = await team(t.db, { weights: [1] });
      const r = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
        users: [{ userId: s.reps[0].id, weight: 2 }],
        weightChange: "yesterday",
      });
      expect([400, 422]).toContain(r.status);
      const body = await json(r);
      expect(JSON.stringify(body.error.details)).toContain("weightChange");
    });
  });

  describe("return policy", () => {
    it("joining: keep_position at par, catch_up from zero", async () => {
      const s = await team(t.db, { weights: [1, 1] });
      const [a, b] = s.reps.map((r) => r.id);
      await seed(s.queue.id, { [a]: 6, [b]: 4 });
      const extra = async (name: string) =>
        addUser(t.db, {
          workspaceId: s.workspace.id,
          name,
          email: `${name}-${Date.now()}-${kind}@team.test`,
          workingHours: [...ALL_DAY],
        });
      const n1 = await extra("keep");
      let r = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
        users: [a, b, n1.id].map((userId) => ({ userId, weight: 1 })),
      });
      expect(r.status).toBe(200);
      expect(await standing(s.queue.id, n1.id)).toBeCloseTo(5, 9);
      const n2 = await extra("catch");
      r = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
        users: [a, b, n1.id, n2.id].map((userId) => ({ userId, weight: 1 })),
        returnPolicy: "catch_up",
      });
      expect(r.status).toBe(200);
      expect(await standing(s.queue.id, n2.id)).toBe(0);
    });

    it("tier moves (board and group API): keep_position at par with the new tier, catch_up catches up", async () => {
      const s = await team(t.db, { weights: [1, 1, 1, 1] });
      const [a, b, c, d] = s.reps.map((r) => r.id);
      await seed(s.queue.id, { [a]: 10, [b]: 10, [c]: 10 });
      const g = await json(
        await s.client.post("/v4/queue-user-group", {
          queueId: s.queue.id,
          name: "Tier 1",
          priority: 1,
          userIds: [a, b, c],
        }),
      );
      // a, b, c moved from ungrouped (with d, at 30/4 per weight) into Tier 1 together: no
      // unmoved peers there, so they stay as they are
      for (const u of [a, b, c]) expect(await standing(s.queue.id, u)).toBeCloseTo(10, 9);
      // the board's move (the dashboard's server action calls this use case)
      await moveGroupMember(t.db, s.workspace.id, s.admin.id, { queueId: s.queue.id, userId: d, toGroupId: g.id });
      expect(await standing(s.queue.id, d)).toBeCloseTo(10, 9);
      const ranked = await ranking(s);
      expect(ranked).toHaveLength(4);

      // catch_up: out and back in through the group API, no calibration
      await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
        users: [a, b, c, d].map((userId) => ({ userId, weight: 1 })),
        returnPolicy: "catch_up",
      });
      await t.db
        .update(queueMemberStats)
        .set({ count: 0, credit: 0 })
        .where(and(eq(queueMemberStats.queueId, s.queue.id), eq(queueMemberStats.userId, d)));
      let r = await s.client.patch(`/v4/queue-user-group/${g.id}`, { userIds: [a, b, c] });
      expect(r.status).toBe(200);
      r = await s.client.patch(`/v4/queue-user-group/${g.id}`, { userIds: [a, b, c, d] });
      expect(r.status).toBe(200);
      expect(await standing(s.queue.id, d)).toBe(0);
      expect((await ranking(s))[0]).toBe(d);
    });
  });
});
