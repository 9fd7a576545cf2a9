/** The in-process bound that keeps one busy queue from taking every connection: fails fast with 503 busy. */
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { limitPerKey } from "@/lib/concurrency/limit-per-key";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("limitPerKey", () => {
  it("runs one task per key at a time, other keys in parallel", async () => {
    const limit = limitPerKey({ concurrency: 1, maxWaiting: 10, maxWaitMs: 1_000, busyMessage: "busy" });
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await sleep(20);
      running--;
    };
    const started = performance.now();
    await Promise.all([...Array.from({ length: 5 }, () => limit.run("a", task)), limit.run("b", task)]);
    expect(peak).toBe(2); // one of "a" and the one of "b"
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(limit.load("a")).toEqual({ waiting: 0, running: 0 });
  });

  it("refuses a waiter beyond maxWaiting at once with 503 busy and Retry-After", async () => {
    const limit = limitPerKey({ concurrency: 1, maxWaiting: 2, maxWaitMs: 5_000, busyMessage: "queue busy" });
    const runs = Array.from({ length: 4 }, () => limit.run("q", () => sleep(50)));
    const settled = await Promise.allSettled(runs);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
    const error = (settled[3] as PromiseRejectedResult).reason as AppError;
    expect([error.status, error.code, error.message, error.retryAfterSeconds]).toEqual([503, "busy", "queue busy", 1]);
  });

  it("refuses a task that waited longer than maxWaitMs, and never starts it", async () => {
    const limit = limitPerKey({ concurrency: 1, maxWaiting: 10, maxWaitMs: 100, busyMessage: "busy" });
    let lateStarted = false;
    const first = limit.run("q", () => sleep(300));
    const started = performance.now();
    const late = limit
      .run("q", async () => {
        lateStarted = true;
      })
      .catch((e: AppError) => e);
    const error = await late;
    expect(error).toBeInstanceOf(AppError);
    expect(performance.now() - started).toBeLessThan(250);
    await first;
    await sleep(20);
    expect(lateStarted).toBe(false);
  });

  it("a running task is not aborted by the wait limit", async () => {
    const limit = limitPerKey({ concurrency: 1, maxWaiting: 10, maxWaitMs: 50, busyMessage: "busy" });
    await expect(limit.run("q", () => sleep(150).then(() => "done"))).resolves.toBe("done");
  });

  it("a task running past maxRunMs gives its slot up, so a stuck task cannot block its key", async () => {
    const limit = limitPerKey({ concurrency: 1, maxWaiting: 10, maxWaitMs: 1_000, maxRunMs: 100, busyMessage: "busy" });
    const stuck = limit.run("q", () => new Promise(() => {})).catch((e: AppError) => e);
    const next = limit.run("q", async () => "ran");
    expect(((await stuck) as AppError).status).toBe(503);
    await expect(next).resolves.toBe("ran");
  });
});
