/** The generic outbox: transactional enqueue, leases, per-key ordering, retries and giving up. */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { outboxJobs, type OutboxJob } from "@/db/schema";
import { enqueue } from "@/lib/outbox/enqueue";
import { claimJobs, completeJob, failJob } from "@/lib/outbox/jobs";
import { retryDelayMs } from "@/lib/outbox/backoff";
import { createOutboxWorker } from "@/lib/outbox/worker";
import { PermanentJobError, type JobHandler } from "@/lib/outbox/types";
import { createTestDb, dbKinds } from "@/tests/support/db";

describe("retry schedule", () => {
  it("grows exponentially with jitter, is capped at an hour, and covers more than a day within 40 attempts", () => {
    for (let n = 1; n < 60; n++) {
      const exp = Math.min(3_600_000, 5_000 * 2 ** (n - 1));
      expect(retryDelayMs(n, { random: () => 0 })).toBe(exp / 2);
      expect(retryDelayMs(n, { random: () => 0.999999 })).toBeLessThanOrEqual(exp);
    }
    let total = 0;
    for (let n = 1; n <= 40; n++) total += retryDelayMs(n, { random: () => 0 });
    expect(total).toBeGreaterThan(10 * 3_600_000);
    const spread = new Set(Array.from({ length: 20 }, () => retryDelayMs(6)));
    expect(spread.size).toBeGreaterThan(10);
  });
});

describe.each(dbKinds())("outbox on %s", (kind) => {
  const claim = (db: Parameters<typeof claimJobs>[0], o: Partial<Parameters<typeof claimJobs>[1]> = {}) =>
    claimJobs(db, { limit: 10, leaseMs: 60_000, workerId: "test", token: randomUUID(), ...o });

  it("a job exists only if its transaction commits", async () => {
    const h = await createTestDb(kind);
    try {
      await expect(
        h.db.transaction(async (tx) => {
          await enqueue(tx, { kind: "t", payload: { n: 1 } });
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      expect(await claim(h.db)).toHaveLength(0);
      await h.db.transaction((tx) => enqueue(tx, { kind: "t", payload: { n: 2 } }));
      const jobs = await claim(h.db);
      expect(jobs.map((j) => j.payload)).toEqual([{ n: 2 }]);
    } finally {
      await h.close();
    }
  });

  it("a leased job is invisible to others until its lease runs out; the late finisher cannot complete it", async () => {
    const h = await createTestDb(kind);
    try {
      await enqueue(h.db, { kind: "t", payload: {} });
      const [a] = await claim(h.db, { leaseMs: 300, workerId: "a" });
      expect(a.attempts).toBe(1);
      expect(await claim(h.db, { workerId: "b" })).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 400));
      const [b] = await claim(h.db, { workerId: "b" });
      expect(b.id).toBe(a.id);
      expect(b.attempts).toBe(2);
      expect(await completeJob(h.db, a)).toBe(false); // a lost its lease
      expect(await completeJob(h.db, b)).toBe(true);
      expect(await claim(h.db)).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  it("jobs with one ordering key run one at a time in order, even across a retry; other keys are not held up", async () => {
    const h = await createTestDb(kind);
    try {
      await enqueue(h.db, [
        { kind: "t", payload: { n: 1 }, orderingKey: "k" },
        { kind: "t", payload: { n: 2 }, orderingKey: "k" },
        { kind: "t", payload: { n: 3 }, orderingKey: "other" },
        { kind: "t", payload: { n: 4 } },
      ]);
      const first = await claim(h.db);
      expect(first.map((j) => j.payload.n).sort()).toEqual([1, 3, 4]);
      const one = first.find((j) => j.payload.n === 1)!;
      expect(await failJob(h.db, one, { error: "boom", delayMs: 0, maxAgeMs: 60_000 })).toBe("retry");
      const again = await claim(h.db);
      expect(again.map((j) => j.payload.n)).toEqual([1]); // 2 still waits behind 1
      await completeJob(h.db, again[0]);
      expect((await claim(h.db)).map((j) => j.payload.n)).toEqual([2]);
    } finally {
      await h.close();
    }
  });

  it("two claimers at once never get the same job (SKIP LOCKED)", async () => {
    const h = await createTestDb(kind);
    try {
      await enqueue(
        h.db,
        Array.from({ length: 40 }, (_, n) => ({ kind: "t", payload: { n } })),
      );
      const batches = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          h.db.transaction((tx) => claim(tx as never, { limit: 15, workerId: `w${i}` })),
        ),
      );
      const ids = batches.flat().map((j) => j.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    } finally {
      await h.close();
    }
  });

  it("the worker retries a failing handler, gives up past the max age, and keeps running after errors", async () => {
    const h = await createTestDb(kind);
    const seen: number[] = [];
    const dead: string[] = [];
    const logs: string[] = [];
    const flaky: JobHandler = {
      async run(job) {
        seen.push(job.payload.n as number);
        if (job.payload.n === 1 && job.attempts < 3) throw new Error("not yet");
        if (job.payload.n === 2) throw new PermanentJobError("never");
      },
      retryDelayMs: () => 0,
      async onDead(job, _ctx, error) {
        dead.push(`${job.payload.n}:${error}`);
      },
    };
    const worker = createOutboxWorker({ handle: h, handlers: { t: flaky }, log: (m) => logs.push(m) });
    try {
      await enqueue(h.db, [
        { kind: "t", payload: { n: 1 } },
        { kind: "t", payload: { n: 2 } },
        { kind: "elsewhere", payload: { n: 9 } }, // a kind this worker does not serve stays queued
      ]);
      await worker.drain();
      expect(seen.filter((n) => n === 1)).toHaveLength(3);
      expect(dead).toEqual(["2:PermanentJobError: never"]);
      const rows = await h.db.select().from(outboxJobs).orderBy(outboxJobs.id);
      expect(rows.map((r: OutboxJob) => r.state)).toEqual(["done", "dead", "pending"]);
      // too old: a failure after max age is final
      await enqueue(h.db, { kind: "t", payload: { n: 1 } });
      await h.db
        .update(outboxJobs)
        .set({ createdAt: sql`now() - interval '31 hours'` })
        .where(eq(outboxJobs.state, "pending"));
      await worker.drain();
      expect(dead).toHaveLength(2);
      expect(logs.some((l) => l.includes("gave up"))).toBe(true);
    } finally {
      await worker.stop();
      await h.close();
    }
  });
});
