/**
 * Availability work is bounded and never blocks the process. 62 days for a 300-member queue with
 * 5-minute slots around the clock is 5.4 million slot × host checks (once: 10 s, 210 MB, a health probe
 * stalled for 9.8 s). Counted (hosts=count) it is answered; with every slot's hostIds (210 MB) it is
 * refused with a 400 that names the limit and a range that fits, and that range is answered. A range
 * past the host-days bound is refused too. Health probes and the event loop keep flowing throughout
 * (no stall over ~50 ms).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { call } from "@/tests/support/app-router";
import {
  MAX_AVAILABILITY_CHECKS,
  MAX_AVAILABILITY_HOST_DAYS,
  MAX_COUNTED_CHECKS,
} from "@/lib/bookings/get-booking-availability";
import { json, team } from "@/tests/api/_team";

const MS_PER_DAY = 86_400_000;

/** Runs `work` while probing /api/health every 10 ms and recording event-loop delay. */
async function underProbe<T>(work: () => Promise<T>) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let running = true;
  const health: number[] = [];
  const probing = (async () => {
    while (running) {
      const started = performance.now();
      const res = await call("GET", "/api/health");
      expect(res.status).toBe(200);
      health.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  running = false;
  await probing;
  loop.disable();
  return {
    result,
    ms,
    healthMax: Math.max(...health),
    health: health.length,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
    /** Event-loop samples taken (every 5 ms): under 100, the p99 is the largest of them. */
    loopSamples: loop.count,
  };
}

/**
 * The event-loop delay of CPU-bound work that yields every millisecond, i.e. of ideal cooperative
 * code on this machine right now. On a quiet machine it is a few ms; on a shared, overloaded one the
 * OS alone delays a busy process by tens of ms, which no code can avoid.
 */
async function yieldingBaseline(): Promise<{ p99: number; max: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const until = performance.now() + 1_500;
  while (performance.now() < until) {
    const slice = performance.now() + 1;
    while (performance.now() < slice) Math.sqrt(Math.random());
    await new Promise((r) => setImmediate(r));
  }
  loop.disable();
  return { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
}

describe.each(dbKinds())("availability is bounded and yields (%s)", (kind) => {
  const t = useApiTestDb(kind);

  it("300 hosts, 5-minute slots, 62 days: counted in one request, with hostIds a clear 400 and a range that fits", async () => {
    const s = await team(t.db, { weights: Array.from({ length: 300 }, () => 1), slotIntervalMinutes: 5 });
    const day0 = new Date(Date.now() + 3 * MS_PER_DAY).toISOString().slice(0, 10);
    const dayN = (n: number) => new Date(Date.parse(day0) + n * MS_PER_DAY).toISOString().slice(0, 10);
    const base = `/v4/booking-availability?meetingTypeId=${s.meetingType.id}&timezone=UTC`;
    const url = (days: number, extra = "") => `${base}&start=${day0}&end=${dayN(days - 1)}${extra}`;
    await s.client.get(url(1)); // warm the route module
    const before = await yieldingBaseline();

    // Counted: every slot of the 62 days, with its number of free hosts.
    const counted = await underProbe(() => s.client.get(url(62))); // counted is the default
    expect(counted.result.status).toBe(200);
    const countedBody = await json(counted.result);
    expect(countedBody.availableSlots.length).toBe(62 * 288);
    expect(countedBody.availableSlots.every((x: { availableHosts: number }) => x.availableHosts === 300)).toBe(true);
    expect(countedBody.availableSlots[0].hostIds).toBeUndefined();
    expect(counted.ms).toBeLessThan(10_000);

    // Past the host-days (300 hosts × 62 days): half an hour more makes it 63 days.
    const longer = `${base}&hosts=count&start=${day0}T00:00:00Z&end=${new Date(Date.parse(day0) + 62 * MS_PER_DAY + 1_800_000).toISOString()}`;
    const tooLong = await s.client.get(longer);
    expect(tooLong.status).toBe(400);
    const tooLongError = (await json(tooLong)).error;
    expect(tooLongError.message).toContain(`more than ${MAX_AVAILABILITY_HOST_DAYS} host-days`);
    expect(tooLongError.details).toMatchObject({
      field: "end",
      limits: { checks: MAX_COUNTED_CHECKS, hostDays: MAX_AVAILABILITY_HOST_DAYS },
      maxDays: Math.min(Math.floor(MAX_AVAILABILITY_HOST_DAYS / 300), Math.floor(MAX_COUNTED_CHECKS / (300 * 288))),
    });

    // With hostIds: refused while counting, with the limit in the message and a range that fits.
    const big = await underProbe(() => s.client.get(url(62, "&hosts=ids")));
    expect(big.result.status).toBe(400);
    const error = (await json(big.result)).error;
    expect(error.message).toContain(`more than ${MAX_AVAILABILITY_CHECKS} slot × host combinations`);
    expect(error.details).toMatchObject({
      field: "end",
      limits: { checks: MAX_AVAILABILITY_CHECKS, hostDays: MAX_AVAILABILITY_HOST_DAYS },
    });
    const fits = error.details.maxDays as number;
    expect(fits).toBe(Math.floor(MAX_AVAILABILITY_CHECKS / (300 * 288)));
    expect(big.ms).toBeLessThan(3_000);

    // The range the error suggests is answered, fully, without stalling health or the event loop.
    const ok = await underProbe(() => s.client.get(url(fits, "&hosts=ids")));
    expect(ok.result.status).toBe(200);
    const body = await json(ok.result);
    expect(body.availableSlots.length).toBe(fits * 288); // around the clock, every 5 minutes
    expect(body.availableSlots[0].hostIds).toHaveLength(300);
    console.log(
      `${kind}: 62 days counted in ${counted.ms.toFixed(0)} ms (health max ${counted.healthMax.toFixed(0)} ms, loop p99 ${counted.loopP99.toFixed(1)} ms of ${counted.loopSamples} samples); ` +
        `62 days with hostIds refused in ${big.ms.toFixed(0)} ms (health max ${big.healthMax.toFixed(0)} ms); ` +
        `${fits} day(s) answered in ${ok.ms.toFixed(0)} ms, ${body.availableSlots.length} slots; ` +
        `${ok.health} health probes, max ${ok.healthMax.toFixed(0)} ms; event loop delay p99 ${ok.loopP99.toFixed(1)} ms, max ${ok.loopMax.toFixed(1)} ms`,
    );
    // No stall over ~50 ms beyond what the machine imposes on any busy process (see yieldingBaseline).
    // The load of a shared machine changes from second to second: the worse of two baselines taken
    // around the measurements.
    const after = await yieldingBaseline();
    const allowed = 50 + Math.max(before.p99, after.p99);
    // A short run takes too few samples for a p99 (under 100, it is their largest): compare it with the
    // largest delay of the ideal yielding code instead, the same statistic on this machine.
    const allowedFor = (run: { loopSamples: number }) =>
      run.loopSamples < 100 ? 50 + Math.max(before.max, after.max) : allowed;
    console.log(
      `${kind}: allowed event-loop delay p99 ${allowed.toFixed(1)} ms (50 ms + this machine's baseline); ` +
        `runs of under 100 samples: max ${allowedFor({ loopSamples: 0 }).toFixed(1)} ms`,
    );
    expect(ok.health).toBeGreaterThan(3);
    expect(counted.health).toBeGreaterThan(3);
    // Health probes keep answering throughout (before: one stalled for 9.8 s).
    for (const run of [counted, big, ok]) expect(run.healthMax).toBeLessThan(500);
    // Event-loop delay: the refusal stays within the bound; the full answers (millions of counted checks,
    // hundreds of thousands of ranked ones, on one shared CPU) only coarsely, as GC and the OS add tens
    // of ms on an overloaded machine.
    expect(big.loopP99).toBeLessThan(allowedFor(big));
    expect(counted.loopP99).toBeLessThan(2 * allowed);
    expect(ok.loopP99).toBeLessThan(2 * allowed);
  }, 180_000);
});
