/**
 * Handoffs at scale and under contention: a bulk handoff of 1,000 appointments (both databases),
 * and on real PostgreSQL a handoff racing a forced booking for the same target and time.
 */
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { bookings, events } from "@/db/schema";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { benchBulkHandoff } from "@/bench/handoff";
import { at, json, team } from "./_team";

const rows = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe.each(dbKinds())("handoffs at scale on %s", (kind) => {
  const t = useApiTestDb(kind);

  it("hands off 1,000 appointments, one transaction each, with counters matching a recount", async () => {
    const r = await benchBulkHandoff(t.db, 1000);
    console.log(`[handoff bench ${kind}] ${r.appointments} appointments in ${r.seconds} s (${r.perSecond}/s)`);
    expect(r.appointments).toBe(1000);
    expect(r.seconds).toBeLessThan(60);
    const moved = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(eq(events.type, "handoff.bulk"));
    expect(moved[0].n).toBe(1000);
    // Counts sit with the booking's counted user (the routed host: handoffs keep standings), covers
    // with a host that is not the routed one (lib/routing/README.md, "Handoffs").
    const mismatches = rows(
      await t.db.execute(sql`
      with counted as (select queue_id, user_id, sum(count)::int as n, sum(covered)::int as c from queue_member_stats group by 1, 2),
           recount as (select queue_id, coalesce(counted_user_id, host_id) as user_id, count(*)::int as n from bookings where status = 'confirmed' and queue_id is not null group by 1, 2),
           recover as (select queue_id, host_id as user_id, count(*)::int as c from bookings where status = 'confirmed' and queue_id is not null and host_id <> coalesce(credited_user_id, host_id) group by 1, 2)
      select queue_id, user_id, counted.n as counted, recount.n as recounted, counted.c as covered, recover.c as recovered
      from counted full join recount using (queue_id, user_id) full join recover using (queue_id, user_id)
      where coalesce(counted.n, 0) <> coalesce(recount.n, 0) or coalesce(counted.c, 0) <> coalesce(recover.c, 0)`),
    );
    expect(mismatches).toEqual([]);
  }, 120_000);

  it.runIf(kind === "postgres")(
    "a handoff racing a forced booking for the same target and time: never both",
    async () => {
      const s = await team(t.db, { weights: [1, 1] });
      const [A, B] = s.reps.map((r) => r.id);
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i++) {
        const start = at(500 + i);
        const made = await s.book(start, { hostIds: [A] });
        expect(made.status).toBe(201);
        const id = (await json(made)).id;
        // Stagger the booking by 0-27 ms so both orders (and the constraint path) get exercised.
        const [handoff, booking] = await Promise.all([
          s.client.post("/v4/handoff/appointment", { appointmentId: id, targetUserId: B }),
          new Promise((r) => setTimeout(r, (i % 10) * 3)).then(() => s.book(start, { hostIds: [B] })),
        ]);
        const ok = [handoff.status === 200, booking.status === 201];
        expect(ok.filter(Boolean), `round ${i}: ${handoff.status} ${booking.status}`).toHaveLength(1);
        const loser = ok[0] ? booking : handoff;
        expect(loser.status).toBe(409);
        const err = (await json(loser)).error;
        expect(err.code).toBe("host_unavailable");
        if (!ok[0] && /meanwhile/.test(err.message)) outcomes.push("constraint");
        const [row] = await t.db.select().from(bookings).where(eq(bookings.id, id));
        expect(row.hostId).toBe(ok[0] ? B : A);
        outcomes.push(ok[0] ? "handoff" : "booking");
      }
      const overlaps = rows<{ n: number }>(
        await t.db.execute(sql`
      select count(*)::int as n from bookings a join bookings b
        on a.host_id = b.host_id and a.id < b.id and a.status = 'confirmed' and b.status = 'confirmed'
       and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`),
      );
      expect(overlaps[0].n).toBe(0);
      const bCount = await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(bookings)
        .where(and(eq(bookings.hostId, B), eq(bookings.status, "confirmed")));
      expect(bCount[0].n).toBe(30);
      const n = (k: string) => outcomes.filter((o) => o === k).length;
      console.log(
        `[handoff race] winners: ${n("handoff")} handoffs, ${n("booking")} bookings (${n("constraint")} handoffs lost on the exclusion constraint)`,
      );
    },
    120_000,
  );
});
