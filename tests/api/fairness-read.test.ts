/**
 * The read side of fairness: expected counts from the recorded decisions (with pools, and
 * approximated for old events), the queue's change history, and the slot-walking preview.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { events } from "@/db/schema";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { loadUseCaseContext, type UseCaseContext } from "@/lib/context";
import { queueDistribution } from "@/lib/dashboard/get-queue-distribution";
import { queueHistory } from "@/lib/queues/get-queue-history";
import { moveGroupMember } from "@/lib/queues/manage-queue-groups";
import { previewQueue } from "@/lib/dashboard/preview-queue";
import { at, json, MONDAY, team } from "./_team";

describe.each(dbKinds())("fairness read side on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  let ctx: UseCaseContext;
  let tier1: string;
  let overflowBookingId: string;
  beforeAll(async () => {
    a = await team(t.db, { weights: [1, 1, 1] });
    ctx = await loadUseCaseContext(t.db, a.workspace.id, a.admin.id);
    const g = await json(
      await a.client.post("/v4/queue-user-group", {
        queueId: a.queue.id,
        name: "Tier 1",
        priority: 1,
        userIds: [a.reps[0].id, a.reps[1].id],
      }),
    );
    tier1 = g.id;
  });

  it("expects a backup-tier member only for the bookings tier 1 could not take", async () => {
    for (const h of [10, 11, 12, 13]) expect((await a.book(at(h))).status).toBe(201);
    // Tier 1 is away on Tuesday: the booking overflows to Rep 2, who was expected to take it.
    for (const rep of [a.reps[0], a.reps[1]]) {
      const r = await a.client.post(
        "/v4/availability-exception/user",
        { startDate: "2030-01-08", endDate: "2030-01-08", isAvailable: false, name: "Offsite" },
        { "x-meetergo-api-user-id": rep.id },
      );
      expect(r.status).toBe(201);
    }
    const tue = await json(await a.book(at(34)));
    expect(tue.hostId).toBe(a.reps[2].id);
    overflowBookingId = tue.id;

    const d = await queueDistribution(ctx, a.queue.id);
    const by = Object.fromEntries(d.members.map((m) => [m.userId, m]));
    expect(d.decisions).toBe(5);
    expect(d.approximated).toBe(0);
    expect(by[a.reps[2].id]).toMatchObject({ count: 1, expected: 1, target: 0, deviation: false });
    expect(by[a.reps[0].id]).toMatchObject({ count: 2, expected: 2, deviation: false });
    expect(d.members.reduce((s, m) => s + m.expected, 0)).toBeCloseTo(5, 9);

    // The decision stored who it chose among: the winning tier's eligible members and weights.
    const [ev] = await t.db
      .select({ data: events.data })
      .from(events)
      .where(and(eq(events.bookingId, tue.id), eq(events.type, "booking.routed")));
    expect(ev.data?.pool).toEqual({ [a.reps[2].id]: 1 });
  });

  it("approximates decisions recorded before pools were stored, and drops cancelled ones", async () => {
    await t.db.execute(
      sql`update events set data = data - 'pool' where queue_id = ${a.queue.id} and type = 'booking.routed'`,
    );
    const d = await queueDistribution(ctx, a.queue.id);
    expect(d.approximated).toBe(5);
    const by = Object.fromEntries(d.members.map((m) => [m.userId, m]));
    expect(by[a.reps[2].id].expected).toBeCloseTo(1, 9);
    expect(by[a.reps[0].id].expected).toBeCloseTo(2, 9);

    expect((await a.client.post(`/v4/booking/${overflowBookingId}/cancel`, {})).status).toBe(200);
    const after = await queueDistribution(ctx, a.queue.id);
    expect(after.decisions).toBe(4);
    expect(after.members.find((m) => m.userId === a.reps[2].id)).toMatchObject({ count: 0, expected: 0 });
  });

  it("lists who changed weights, caps, strategy and groups, newest first", async () => {
    const r = await a.client.patch(`/v4/queue/meeting-type/${a.meetingType.id}`, {
      users: [
        { userId: a.reps[0].id, weight: 2, capPerDay: 6 },
        { userId: a.reps[1].id, weight: 1 },
        { userId: a.reps[2].id, weight: 1 },
      ],
      strategy: "round_robin",
    });
    expect(r.status).toBe(200);
    await moveGroupMember(t.db, a.workspace.id, a.admin.id, {
      queueId: a.queue.id,
      userId: a.reps[2].id,
      toGroupId: tier1,
    });
    const h = await queueHistory(ctx, a.queue.id);
    expect(h.timeZone).toBe("Europe/Berlin");
    expect(h.entries[0]).toMatchObject({ actor: a.admin.name, lines: ["Priority group “Tier 1”: added Rep 2"] });
    expect(h.entries[1].lines).toEqual(["Strategy: Weighted → Round-robin", "Rep 0: weight 1 → 2, daily cap none → 6"]);
    expect(h.entries.at(-2)!.lines).toEqual(["Created priority group “Tier 1” (priority 1) with Rep 0, Rep 1"]);
    expect(h.entries.at(-1)!.lines).toEqual([
      "Added Rep 0 (weight 1)",
      "Added Rep 1 (weight 1)",
      "Added Rep 2 (weight 1)",
    ]);
    // Another workspace's queue is not found.
    const other = await team(t.db, { weights: [1] });
    await expect(queueHistory({ ...ctx, workspaceId: other.workspace.id }, a.queue.id)).rejects.toMatchObject({
      status: 404,
    });
  });

  it("previews the next bookings slot by slot and says when a daily cap fills", async () => {
    const b = await team(t.db, { weights: [1, 1], officeHours: true, durationMinutes: 60 });
    const bctx = await loadUseCaseContext(t.db, b.workspace.id, b.admin.id);
    const settings = {
      users: [
        { userId: b.reps[0].id, weight: 1, capPerDay: 2 },
        { userId: b.reps[1].id, weight: 1 },
      ],
    };
    // Sunday evening before MONDAY: the walk starts with Monday's 09:00 UTC slot.
    const now = MONDAY - 6 * 3_600_000;
    const p = await previewQueue(bctx, { queueId: b.queue.id, bookings: 10, settings }, now);
    const by = Object.fromEntries(p.rows.map((r) => [r.userId, r]));
    // Monday: Rep 0 takes 2 of the first 4 slots, then sits at its cap (keeping its position) while
    // Rep 1 takes the other 4; on Tuesday both are level again and take one each.
    expect(by[b.reps[0].id]).toMatchObject({ current: 5, edited: 3 });
    expect(by[b.reps[1].id]).toMatchObject({ current: 5, edited: 7 });
    expect(p.from).toBe(at(9));
    // One lead per hourly slot: Monday's eight, then Tuesday 09:00 and 10:00.
    expect(p.until).toBe(at(34));
    expect(p.capsReached).toEqual([
      expect.objectContaining({ userId: b.reps[0].id, kind: "daily", cap: 2, times: 1, atIso: expect.any(String) }),
    ]);
    expect(p.unrouted).toEqual({ current: 0, edited: 0 });
  });

  it("walks 500 bookings for ten members within the bounds, quickly", async () => {
    const c = await team(t.db, { weights: [3, 3, 2, 2, 1, 1, 1, 1, 1, 1], officeHours: true, durationMinutes: 30 });
    const cctx = await loadUseCaseContext(t.db, c.workspace.id, c.admin.id);
    const settings = { users: c.reps.map((r, i) => ({ userId: r.id, weight: i + 1, capPerDay: 4 })) };
    const started = performance.now();
    const p = await previewQueue(cctx, { queueId: c.queue.id, bookings: 500, settings }, MONDAY - 6 * 3_600_000);
    const ms = performance.now() - started;
    console.log(`preview: 500 bookings, 10 members, ${p.horizonDays} days: ${Math.round(ms)} ms`);
    expect(p.horizonDays).toBe(62);
    expect(p.rows.reduce((s, r) => s + r.current, 0)).toBe(500);
    expect(p.rows.reduce((s, r) => s + r.edited, 0)).toBe(500);
    // One lead per half-hour slot, 16 a working day: 500 take over six weeks; the heaviest weights fill 4 a day.
    expect(Date.parse(p.until!) - Date.parse(p.from!)).toBeGreaterThan(40 * 24 * 3_600_000);
    expect(p.capsReached.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5_000);
  });
});
