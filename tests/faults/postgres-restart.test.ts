/**
 * PostgreSQL restarts under load: no request waits past its deadline (each fails fast with a 503
 * and Retry-After, or succeeds), no uncaughtException, and health answers normally within 5 s of the
 * server being back. It restarts a whole cluster, so it runs only when told which one it may
 * restart, one that no one else uses, e.g. a private cluster on port 5433:
 *   FAULTS_PG_CLUSTER=15/faults TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5433/postgres npx vitest run tests/faults/postgres-restart.test.ts
 * (The load test, which runs alone, restarts the CI cluster with two app instances.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { call } from "@/tests/support/app-router";
import { restartCluster } from "@/bench/support/faults";
import { at, team } from "@/tests/api/_team";

const CLUSTER = process.env.FAULTS_PG_CLUSTER;
/** The request deadline (8 s) plus slack for a busy machine. */
const DEADLINE_MS = 10_000;

describe.skipIf(!CLUSTER || !dbKinds().includes("postgres"))("PostgreSQL restart under load", () => {
  const t = useApiTestDb("postgres");
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  beforeAll(() => void process.on("uncaughtException", onUncaught));
  afterAll(() => void process.off("uncaughtException", onUncaught));

  it("requests settle before their deadline, health and bookings are back within 5 s", async () => {
    const s = await team(t.db, { weights: [1, 1, 1] });
    let stop = false;
    let k = 0;
    const results: { status: number; ms: number; retryAfter: string | null }[] = [];
    const client = async (c: number) => {
      while (!stop) {
        const i = k++;
        const started = performance.now();
        const res = await (c % 3 === 0
          ? s.book(at(24 * 40 + i * 0.5))
          : c % 3 === 1
            ? call("GET", "/api/health")
            : s.client.get(`/v4/queue/${s.queue.id}/next`));
        await res.arrayBuffer();
        results.push({
          status: res.status,
          ms: performance.now() - started,
          retryAfter: res.headers.get("retry-after"),
        });
        if (res.status === 503) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const clients = Array.from({ length: 9 }, (_, c) => client(c));
    await new Promise((r) => setTimeout(r, 500));
    await restartCluster(CLUSTER!);
    const back = performance.now();
    let healthyAfter = Infinity;
    while (performance.now() - back < 10_000) {
      const res = await call("GET", "/api/health");
      if (res.status === 200) {
        healthyAfter = performance.now() - back;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Bookings (their own pool, transactions, the per-queue bound) work again too.
    let bookedAfter = Infinity;
    for (let i = 0; performance.now() - back < 15_000; i++) {
      const res = await s.book(at(24 * 80 + i));
      if (res.status === 201) {
        bookedAfter = performance.now() - back;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    stop = true;
    await Promise.all(clients);
    const statuses: Record<number, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    console.log(
      `restart: ${results.length} requests, statuses ${JSON.stringify(statuses)}, slowest ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms, ` +
        `health back ${healthyAfter.toFixed(0)} ms and a booking ${bookedAfter.toFixed(0)} ms after the restart finished`,
    );
    expect(uncaught.map(String)).toEqual([]);
    expect(results.filter((r) => r.ms > DEADLINE_MS)).toEqual([]);
    expect(results.filter((r) => ![200, 201, 409, 503].includes(r.status))).toEqual([]);
    expect(results.filter((r) => r.status === 503 && r.retryAfter !== "1")).toEqual([]);
    expect(healthyAfter).toBeLessThan(5_000);
    expect(bookedAfter).toBeLessThan(5_000);
  }, 120_000);
});
