/** The spec's "Common Patterns", end to end through the API. */
import { describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { at, json, team } from "./_team";

describe.each(dbKinds())("spec routing examples on %s", (kind) => {
  const t = useApiTestDb(kind);

  it("sales team: weights 3/3/2/2 give exactly 30/30/20/20 over 100 routed bookings", async () => {
    const s = await team(t.db, { weights: [3, 3, 2, 2] });
    const counts = new Map<string, number>();
    for (let i = 0; i < 100; i++) {
      const r = await s.book(at(i));
      expect(r.status).toBe(201);
      const { hostId } = await json(r);
      counts.set(hostId, (counts.get(hostId) ?? 0) + 1);
    }
    expect(s.reps.map((u) => counts.get(u.id))).toEqual([30, 30, 20, 20]);
  }, 120_000);

  it("support tiers: tier 1 on vacation overflows to tier 2; nextHosts is ordered", async () => {
    const s = await team(t.db, { weights: [1, 1, 1, 1, 1], strategy: "round_robin" });
    const [t1a, t1b, t1c, t2a, t2b] = s.reps;
    const g = async (name: string, userIds: string[], priority: number) =>
      expect(
        (await s.client.post("/v4/queue-user-group", { name, queueId: s.queue.id, userIds, priority })).status,
      ).toBe(201);
    await g("Tier 1 Support", [t1a.id, t1b.id, t1c.id], 1);
    await g("Tier 2 Support", [t2a.id, t2b.id], 2);

    const next = await json(await s.client.get(`/v4/queue/${s.queue.id}/next`));
    expect(next.nextHosts.map((h: { rank: number }) => h.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(next.nextHosts.map((h: { tier: number }) => h.tier)).toEqual([1, 1, 1, 2, 2]);
    expect(next.nextHosts[0]).toMatchObject({ groupName: "Tier 1 Support", priority: 1 });

    for (let i = 0; i < 3; i++) {
      const bk = await json(await s.book(at(100 + i)));
      expect([t1a.id, t1b.id, t1c.id]).toContain(bk.hostId);
    }
    for (const u of [t1a, t1b, t1c]) {
      const r = await s.client.post(
        "/availability-exception/user",
        { startDate: "2030-01-14", endDate: "2030-01-20", isAvailable: false, name: "Vacation" },
        { "x-meetergo-api-user-id": u.id },
      );
      expect(r.status).toBe(201);
    }
    const during = await json(await s.book("2030-01-15T10:00:00Z"));
    expect([t2a.id, t2b.id]).toContain(during.hostId);
    expect(during.routing).toMatchObject({ tier: 2, rank: 1 });
    const slot = await json(await s.client.get(`/v4/queue/${s.queue.id}/next?start=2030-01-16T10:00:00Z`));
    expect(slot.nextHosts.map((h: { tier: number }) => h.tier)).toEqual([2, 2]);
    expect(slot.excluded.map((x: { code: string }) => x.code)).toEqual([
      "on_exception",
      "on_exception",
      "on_exception",
    ]);
    const after = await json(await s.book("2030-01-21T10:00:00Z"));
    expect([t1a.id, t1b.id, t1c.id]).toContain(after.hostId);
  }, 60_000);
});
