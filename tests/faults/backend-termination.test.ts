/**
 * All of the app's PostgreSQL backends are terminated (twice) while 16 clients send routed bookings,
 * reads and health checks through the real route handlers. postgres.js 3.4.9 without
 * patches/postgres+3.4.9.patch throws `TypeError: Cannot read properties of null (reading 'write')`
 * from a timer (an uncaughtException) and leaves connections that never finish connecting, so
 * requests hang; with the patch and the pool settings in db/client.ts every request settles quickly
 * and the pool answers normally within 5 s. PostgreSQL only: PGlite has no backends to terminate.
 * Only this test's own temporary database's backends are terminated.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { call } from "@/tests/support/app-router";
import { at, team } from "@/tests/api/_team";

/** No request may take longer than this, fault or not (connect_timeout is 3 s, lock_timeout 2 s). */
const DEADLINE_MS = 6_000;

describe.skipIf(!dbKinds().includes("postgres"))("backend termination under load (PostgreSQL)", () => {
  const t = useApiTestDb("postgres");
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  let admin: postgres.Sql;

  beforeAll(() => {
    process.on("uncaughtException", onUncaught);
    admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    process.off("uncaughtException", onUncaught);
    await admin.end();
  });

  /** Terminates every backend connected to this test's own database (never other databases'). */
  async function terminateOwnBackends(): Promise<number> {
    const dbName = new URL(t.url!).pathname.slice(1);
    const rows = await admin`
      select pg_terminate_backend(pid) as ok from pg_stat_activity
      where datname = ${dbName} and pid <> pg_backend_pid()`;
    return rows.length;
  }

  it("no uncaughtException, every request settles before its deadline, the pool recovers in 5 s", async () => {
    const s = await team(t.db, { weights: [1, 1, 1, 1] });
    let stop = false;
    const results: { status: number; ms: number }[] = [];
    let k = 0;
    const client = async (c: number) => {
      while (!stop) {
        const i = k++;
        const started = performance.now();
        const req =
          c % 4 === 0
            ? s.book(at(24 * 30 + i * 0.5))
            : c % 4 === 1
              ? call("GET", "/api/health")
              : s.client.get(`/v4/queue/${s.queue.id}/next`);
        const timeout = new Promise<Response>((r) => setTimeout(() => r(new Response(null, { status: 999 })), 20_000));
        const res = await Promise.race([req, timeout]).catch(() => new Response(null, { status: 598 }));
        await res.arrayBuffer().catch(() => null);
        results.push({ status: res.status, ms: performance.now() - started });
      }
    };
    const clients = Array.from({ length: 16 }, (_, c) => client(c));
    await new Promise((r) => setTimeout(r, 800));
    const killed1 = await terminateOwnBackends();
    await new Promise((r) => setTimeout(r, 800));
    const killed2 = await terminateOwnBackends();
    await new Promise((r) => setTimeout(r, 1_500));
    stop = true;
    await Promise.all(clients);
    expect(killed1 + killed2).toBeGreaterThan(0);

    // Afterwards: health and a read answer normally within 5 s.
    const recovered = performance.now();
    let healthy = false;
    while (!healthy && performance.now() - recovered < 5_000) {
      const [h, n] = await Promise.all([call("GET", "/api/health"), s.client.get(`/v4/queue/${s.queue.id}/next`)]);
      healthy = h.status === 200 && n.status === 200;
      if (!healthy) await new Promise((r) => setTimeout(r, 100));
    }

    const slow = results.filter((r) => r.ms > DEADLINE_MS);
    const statuses: Record<number, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    console.log(
      `termination: ${killed1}+${killed2} backends, ${results.length} requests, statuses ${JSON.stringify(statuses)}, ` +
        `slowest ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms, recovered in ${(performance.now() - recovered).toFixed(0)} ms`,
    );
    expect(uncaught.map(String)).toEqual([]);
    expect(slow.length).toBe(0);
    // Each request succeeded or failed fast and cleanly: a 201/409/200 or a 503 with Retry-After, never a 500.
    expect(results.filter((r) => ![200, 201, 409, 503].includes(r.status))).toEqual([]);
    expect(healthy).toBe(true);
  });
});
