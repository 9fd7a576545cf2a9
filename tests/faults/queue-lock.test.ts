/**
 * A session holding FOR UPDATE on a queue row (as a stuck transaction elsewhere would) must not
 * freeze the service: a routed booking on that queue answers 503 `busy` with Retry-After once
 * lock_timeout (2 s) passes, and reads, health and other queues answer normally meanwhile.
 * Every connection carries the session timeouts. PostgreSQL only (PGlite has one session).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { call } from "@/tests/support/app-router";
import { toErrorResponse } from "@/lib/http/envelope";
import { at, json, team } from "@/tests/api/_team";

const rows = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe.skipIf(!dbKinds().includes("postgres"))("a queue row locked elsewhere (PostgreSQL)", () => {
  const t = useApiTestDb("postgres");
  let holder: postgres.Sql;
  beforeAll(() => {
    holder = postgres(t.url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await holder.end();
  });

  it("every app connection has statement, lock and idle-in-transaction timeouts", async () => {
    const [r] = rows<Record<string, string>>(
      await t.db.execute(
        sql`select current_setting('statement_timeout') s, current_setting('lock_timeout') l, current_setting('idle_in_transaction_session_timeout') i`,
      ),
    );
    expect(r).toEqual({ s: "5s", l: "2s", i: "10s" });
  });

  it("a statement over statement_timeout maps to 503 with Retry-After", async () => {
    const error = await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = 50`);
        await tx.execute(sql`select pg_sleep(1)`);
      })
      .catch((e: unknown) => e);
    const res = toErrorResponse(error);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
  });

  it("routed booking: 503 busy with Retry-After after ~2 s; reads and other queues unaffected", async () => {
    const a = await team(t.db, { weights: [1, 1] });
    const b = await team(t.db, { weights: [1, 1] });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = holder.begin(async (tx) => {
      await tx`select id from queues where id = ${a.queue.id} for update`;
      locked();
      await released;
    });
    await isLocked;
    try {
      const started = performance.now();
      const routed = a.book(at(30)).then(async (r) => ({ r, ms: performance.now() - started }));
      // While it waits: health, reads of the locked queue, a booking on another queue.
      const probes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        const [h, n] = await Promise.all([call("GET", "/api/health"), a.client.get(`/v4/queue/${a.queue.id}/next`)]);
        expect([h.status, n.status]).toEqual([200, 200]);
        probes.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
      const other = await b.book(at(30));
      expect(other.status).toBe(201);
      const { r, ms } = await routed;
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("1");
      expect((await json(r)).error.code).toBe("busy");
      expect(ms).toBeGreaterThan(1_800);
      expect(ms).toBeLessThan(4_000);
      expect(Math.max(...probes)).toBeLessThan(500);
    } finally {
      release();
      await holding;
    }
    // Nothing was written by the refused request, and the queue works again.
    const again = await a.book(at(30));
    expect(again.status).toBe(201);
  });
});
