/**
 * A routed booking reads its queue (members, weights, groups, counters) only once it holds the queue's
 * lock: a booking that waited on the lock sees what the holder committed. Here the holder pauses every
 * member but the one the old weights would never pick, commits, and the waiting booking must go to that
 * member. Reads sent ahead of the lock (as once happened when the lock statement was started last in
 * its pipeline) see the old weights and route elsewhere. The reads go out with the lock, chosen by the
 * queue's settings as read before it: settings changed meanwhile (here the fairness window) are read
 * again, and the booking counts in the new window. PostgreSQL only (PGlite has one session).
 */
import { describe, expect, it } from "vitest";
import type postgres from "postgres";
import { usePgSessions } from "@/tests/support/pg-sessions";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { windowKey } from "@/lib/routing";
import { at, json, team } from "./_team";

describe.skipIf(!dbKinds().includes("postgres"))("routing reads after the queue lock (PostgreSQL)", () => {
  const t = useApiTestDb("postgres");
  const pg = usePgSessions(() => t.url!);

  /**
   * Runs `write` in another session holding the queue row's lock, starts `book` once it holds it, and
   * commits only when the booking waits on that lock (and a moment more, for any statement sent after
   * the lock to arrive too). The booking's answer.
   */
  async function bookWhileLocked(
    write: (tx: postgres.TransactionSql) => Promise<unknown>,
    book: () => Promise<Response>,
  ) {
    const holder = pg.holdOpen(write);
    await holder.isReady;
    const booking = book();
    await pg.someoneWaits();
    await new Promise((r) => setTimeout(r, 100));
    await holder.commit();
    return booking;
  }

  it("a booking that waited on the lock routes by what the lock holder committed", async () => {
    // Rep 3 has the lowest weight: with these weights and no bookings yet, it is never the first pick.
    const s = await team(t.db, { weights: [10, 10, 10, 1] });
    const last = s.reps[3].id;
    const res = await bookWhileLocked(
      async (tx) => {
        await tx`select id from queues where id = ${s.queue.id} for no key update`;
        await tx`update queue_members set weight = 0 where queue_id = ${s.queue.id} and user_id <> ${last}`;
      },
      () => s.book(at(40)),
    );
    expect(res.status).toBe(201);
    expect((await json(res)).hostId).toBe(last);
  });

  it("settings changed while it waited (a new fairness window): the booking counts in the new window", async () => {
    const s = await team(t.db, { weights: [1, 1], fairnessWindow: "month" });
    const res = await bookWhileLocked(
      (tx) => tx`update queues set fairness_window = 'day', version = version + 1 where id = ${s.queue.id}`,
      () => s.book(at(41)),
    );
    expect(res.status).toBe(201);
    const { id } = await json(res);
    // The window's day is the workspace's (Europe/Berlin in the fixture), not UTC's: they differ for an hour a day.
    const [row] = rowsOf(
      await t.db.execute(
        sql`select b.window_key, w.time_zone from bookings b join workspaces w on w.id = b.workspace_id where b.id = ${id}`,
      ),
    ) as { window_key: string; time_zone: string }[];
    expect(row.window_key).toBe(windowKey("day", Date.now(), row.time_zone));
  });
});
