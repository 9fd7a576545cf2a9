/**
 * Named prepared statements on PostgreSQL (db/client.ts): the hot paths run as prepared statements,
 * reused whatever the number of hosts (id lists are one array parameter), so the set stays bounded.
 */
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { openPostgres, setDbHandle } from "@/db/client";
import { team } from "./_team";

const rows = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe.skipIf(!dbKinds().includes("postgres"))("prepared statements on PostgreSQL", () => {
  const t = useApiTestDb("postgres");

  it("availability, /next and bookings reuse one prepared statement each, whatever the team size", async () => {
    // One connection, so pg_prepared_statements (per session) shows every statement the app prepared.
    const handle = await openPostgres(t.url!, { max: 1, bookingMax: 0, prepare: true });
    setDbHandle(handle);
    try {
      const prepared = async () =>
        rows<{ statement: string; runs: number }>(
          await handle.db.execute(
            sql`select statement, generic_plans + custom_plans as runs from pg_prepared_statements`,
          ),
        );
      const workload = async (c: Awaited<ReturnType<typeof team>>, day: string) => {
        const q = new URLSearchParams({ meetingTypeId: c.meetingType.id, start: day, end: day, timezone: "UTC" });
        expect((await c.client.get(`/v4/booking-availability?${q}`)).status).toBe(200);
        expect((await c.client.get(`/v4/queue/${c.queue.id}/next`)).status).toBe(200);
        for (const h of ["09", "10"]) expect((await c.book(`${day}T${h}:00:00Z`)).status).toBe(201);
      };
      const small = await team(handle.db, { weights: [1, 1] });
      const large = await team(handle.db, { weights: [1, 2, 3, 1, 2] });
      await workload(small, "2030-04-01");
      await workload(large, "2030-04-01");
      const larger = await team(handle.db, { weights: [1, 1, 1, 1, 1, 1, 1] });
      const before = new Set((await prepared()).map((p) => p.statement));
      await workload(larger, "2030-04-02");
      const after = await prepared();
      // No new statement for a team of another size: the same texts, run again.
      expect(after.map((p) => p.statement).filter((s) => !before.has(s))).toEqual([]);
      // The busy-bookings query in its two forms: for listed people (availability, /next: 3 teams × 2) and
      // for a queue's members selected by queue id (the routed booking, sent with its lock: 3 teams × 2).
      const busy = after.filter((p) => p.statement.includes("baton_shift_minutes") && p.statement.includes("= any("));
      const byQueue = busy.filter((p) => p.statement.includes("= any(array(select"));
      expect([busy.length, byQueue.length]).toEqual([2, 1]);
      for (const b of busy) expect(Number(b.runs)).toBeGreaterThanOrEqual(6);
      // The routed booking's queue lock (the other one is the queue settings' update).
      const lock = after.filter((p) => /"queues"\."id" = \$1 for no key update/i.test(p.statement));
      expect(lock).toHaveLength(1);
      expect(Number(lock[0].runs)).toBeGreaterThanOrEqual(6);
    } finally {
      setDbHandle(undefined);
      await handle.close();
    }
  });
});
