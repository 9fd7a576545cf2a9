/** The in-process bound that keeps one busy queue from taking every connection, and hands its waiters over in batches. */
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { batchPerKey, type BatchResults } from "@/lib/concurrency/batch-per-key";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const each =
  <I, O>(f: (item: I) => Promise<O>) =>
  (_key: string, items: I[]) =>
    Promise.allSettled(items.map(f)) as Promise<BatchResults<O>>;

describe("batchPerKey", () => {
  it("runs one batch per key at a time, other keys in parallel", async () => {
    let running = 0;
    let peak = 0;
    const limit = batchPerKey(
      { maxBatch: 1, maxWaiting: 10, maxWaitMs: 1_000, busyMessage: "busy" },
      each(async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(20);
        running--;
      }),
    );
    const started = performance.now();
    await Promise.all([...Array.from({ length: 5 }, () => limit.submit("a", 0)), limit.submit("b", 0)]);
    expect(peak).toBe(2); // one of "a" and the one of "b"
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(limit.load("a")).toEqual({ waiting: 0, running: 0 });
  });

  it("an idle key runs its first item at once and alone; those arriving meanwhile go together, in order, up to maxBatch", async () => {
    const runs: number[][] = [];
    const limit = batchPerKey(
      { maxBatch: 3, maxWaiting: 10, maxWaitMs: 1_000, busyMessage: "busy" },
      async (_key, items: number[]) => {
        runs.push(items);
        await sleep(20);
        return items.map((i) => ({ status: "fulfilled" as const, value: i * 10 }));
      },
    );
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => limit.submit("q", i)));
    expect(results).toEqual([10, 20, 30, 40, 50, 60]);
    expect(runs).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it("an item that does not fit the batch's first waits for a later batch; each item gets its own answer", async () => {
    const runs: number[][] = [];
    const limit = batchPerKey(
      {
        maxBatch: 10,
        maxWaiting: 10,
        maxWaitMs: 1_000,
        busyMessage: "busy",
        fits: (a: number, b: number) => a % 2 === b % 2,
      },
      async (_key, items: number[]) => {
        runs.push(items);
        await sleep(10);
        return items.map((i) =>
          i === 4
            ? { status: "rejected" as const, reason: new Error("four") }
            : { status: "fulfilled" as const, value: i },
        );
      },
    );
    const settled = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => limit.submit("q", i)));
    expect(runs).toEqual([[0], [1, 3, 5], [2, 4]]);
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message))).toEqual([
      0,
      1,
      2,
      3,
      "four",
      5,
    ]);
  });

  it("a run that throws rejects every item of its batch, and the next batch still runs", async () => {
    let n = 0;
    const limit = batchPerKey(
      { maxBatch: 5, maxWaiting: 10, maxWaitMs: 1_000, busyMessage: "busy" },
      async (_k, items: number[]) => {
        await sleep(10);
        if (n++ === 1) throw new Error("lost connection");
        return items.map((value) => ({ status: "fulfilled" as const, value }));
      },
    );
    const first = limit.submit("q", 1);
    const second = [2, 3].map((i) => limit.submit("q", i).catch((e: Error) => e.message));
    await first;
    expect(await Promise.all(second)).toEqual(["lost connection", "lost connection"]);
    await expect(limit.submit("q", 4)).resolves.toBe(4);
  });

  it("refuses a waiter beyond maxWaiting at once with 503 busy and Retry-After", async () => {
    const limit = batchPerKey(
      { maxBatch: 1, maxWaiting: 2, maxWaitMs: 5_000, busyMessage: "queue busy" },
      each(() => sleep(50)),
    );
    const settled = await Promise.allSettled(Array.from({ length: 4 }, () => limit.submit("q", 0)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    const error = (settled[3] as PromiseRejectedResult).reason as AppError;
    expect([error.status, error.code, error.message, error.retryAfterSeconds]).toEqual([503, "busy", "queue busy", 1]);
  });

  it("refuses an item that waited longer than maxWaitMs, and never runs it", async () => {
    const ran: string[] = [];
    const limit = batchPerKey(
      { maxBatch: 4, maxWaiting: 10, maxWaitMs: 100, busyMessage: "busy" },
      each(async (item: string) => {
        ran.push(item);
        if (item === "first") await sleep(300);
      }),
    );
    const first = limit.submit("q", "first");
    const started = performance.now();
    const error = await limit.submit("q", "late").catch((e: AppError) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(performance.now() - started).toBeLessThan(250);
    await first;
    await sleep(20);
    expect(ran).toEqual(["first"]);
  });

  it("a running batch is not aborted by the wait limit", async () => {
    const limit = batchPerKey(
      { maxBatch: 1, maxWaiting: 10, maxWaitMs: 50, busyMessage: "busy" },
      each(() => sleep(150).then(() => "done")),
    );
    await expect(limit.submit("q", 0)).resolves.toBe("done");
  });

  it("a batch running past maxRunMs gives its key up, so a stuck run cannot block its key", async () => {
    const limit = batchPerKey(
      { maxBatch: 1, maxWaiting: 10, maxWaitMs: 1_000, maxRunMs: 100, busyMessage: "busy" },
      each((item: string) => (item === "stuck" ? new Promise<string>(() => {}) : Promise.resolve("ran"))),
    );
    const stuck = limit.submit("q", "stuck").catch((e: AppError) => e);
    const next = limit.submit("q", "next");
    expect(((await stuck) as AppError).status).toBe(503);
    await expect(next).resolves.toBe("ran");
  });
});
