/**
 * `npm run bench`: every benchmark in one run, each figure beside a reference measured
 * in the same run (pgbench on the same PostgreSQL; a naive recount-per-decision baseline).
 * Prints a table and writes bench/results/<timestamp>.json and bench/results/latest.json.
 * Needs the production build (`npx next build`, done here when missing) and a PostgreSQL
 * (BENCH_DATABASE_URL, TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { benchEngine } from "./engine";
import { benchPgbench } from "./pgbench";
import { benchBookings } from "./bookings";
import { benchLatency } from "./latency";
import { benchAvailabilityLarge } from "./availability-large";
import { benchLock } from "./lock";
import { benchZones } from "./zones";
import { benchHandoff } from "./handoff";
import { benchCalendarAvailability, benchCalendars } from "./calendars";
import { benchBookingOverhead, benchWebhookThroughput } from "./webhooks";
import { BENCH_ADMIN_URL } from "./support/fixture";
import { BENCH_ENCRYPTION_KEY } from "./support/instances";

interface Row {
  benchmark: string;
  value: string;
  reference: string;
  ratio: string;
}

async function main() {
  // Before any section seals a secret: the process keeps the first keyring it reads.
  process.env.BATON_ENCRYPTION_KEY ??= BENCH_ENCRYPTION_KEY;
  const only = process.argv.slice(2);
  const wants = (s: string) => only.length === 0 || only.includes(s);
  if (!existsSync(".next/BUILD_ID") && (wants("bookings") || wants("latency") || wants("webhooks"))) {
    console.log("Building the app for the HTTP benchmarks…");
    execFileSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  }
  const results: Record<string, unknown> = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) },
    postgres: spawnSync("psql", [BENCH_ADMIN_URL, "-Atc", "show server_version"]).stdout?.toString().trim(),
  };
  const rows: Row[] = [];
  const failures: string[] = [];
  // One failing benchmark is reported, not allowed to lose the others' figures.
  const section = async (name: string, body: () => Promise<void>) => {
    if (!wants(name)) return;
    try {
      await body();
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message.split("\n")[0]}`);
      console.error(`[bench] ${name} failed`, e);
    }
  };

  await section("engine", async () => {
    const engine = await benchEngine();
    results.engine = engine;
    for (const e of engine) {
      const mode = (e as { mode?: string }).mode ?? "decision";
      const base = engine.find((x) => ((x as { mode?: string }).mode ?? "decision") === mode)!;
      rows.push({
        benchmark: `engine ${mode === "full" ? "full ranking" : "decision (top 5)"}: ${e.members.toLocaleString("en")} members`,
        value: `${e.medianMicros.toFixed(1)} µs median (p99 ${e.p99Micros.toFixed(1)})`,
        reference: `${base.members} members: ${base.medianMicros.toFixed(1)} µs`,
        ratio: `${(e.medianMicros / base.medianMicros).toFixed(1)}x for ${e.members / base.members}x members`,
      });
    }
  });

  await section("zones", async () => {
    const z = benchZones();
    results.zones = z;
    rows.push({
      benchmark: `working hours expanded for ${z.people} people in 10 zones, ${z.days} days (a week of availability)`,
      value: `${z.cachedMs.toFixed(2)} ms (offset cache per zone-day/hour; ${z.repeatMs.toFixed(2)} ms repeated)`,
      reference: `uncached @date-fns/tz: ${z.referenceMs.toFixed(2)} ms`,
      ratio: `${z.speedup.toFixed(0)}x faster`,
    });
  });

  let pgTps: number | undefined;
  // The reference for every section that compares with it: with `bookings`, or asked for by name.
  await section(wants("pgbench") ? "pgbench" : "bookings", async () => {
    const pg = await benchPgbench();
    results.pgbench = pg;
    pgTps = pg.tps;
    rows.push({
      benchmark: "pgbench TPC-B-like (same PostgreSQL)",
      value: `${pg.tps.toFixed(0)} tps`,
      reference: `${pg.clients} clients, ${pg.seconds}s`,
      ratio: "1.00 (reference)",
    });
  });

  await section("bookings", async () => {
    const b = await benchBookings();
    results.bookings = b;
    const unprepared = b.find((r) => r.instances === 1 && !r.prepared);
    const spreadOne = b.find((r) => r.queues > 1 && r.instances === 1);
    const busy = (r: (typeof b)[number]) => `all cores ${(r.cpuBusy * 100).toFixed(0)}% busy`;
    for (const r of b) {
      if (r.queues > 1) {
        // Queues are decided in parallel: more instances, more bookings, until the cores are busy.
        rows.push({
          benchmark: `routed bookings over HTTP, ${r.queues} queues, ${r.instances} instance${r.instances > 1 ? "s" : ""}, group commit`,
          value: `${r.perSecond.toFixed(0)} bookings/s (p50 ${r.p50.toFixed(0)} ms); ${busy(r)}`,
          reference:
            r === spreadOne
              ? "(the reference)"
              : `1 instance: ${spreadOne?.perSecond.toFixed(0)}/s; ${spreadOne ? busy(spreadOne) : ""}`,
          ratio: spreadOne ? `${(r.perSecond / spreadOne.perSecond).toFixed(2)}x 1 instance` : "",
        });
        continue;
      }
      const reference = r.prepared && unprepared;
      const how = !r.prepared
        ? ", unnamed statements, one commit per booking (reference)"
        : r.batch === 1
          ? ", one commit per booking"
          : ", group commit";
      rows.push({
        benchmark: `routed bookings over HTTP, ${r.instances} instance${r.instances > 1 ? "s" : ""}${how}`,
        value: `${r.perSecond.toFixed(0)} bookings/s (p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms)`,
        reference: reference
          ? `unnamed statements ${unprepared.perSecond.toFixed(0)}/s`
          : `pgbench ${pgTps?.toFixed(0)} tps`,
        ratio: reference
          ? `${(r.perSecond / unprepared.perSecond).toFixed(2)}x unnamed`
          : pgTps
            ? `${(r.perSecond / pgTps).toFixed(2)} of pgbench`
            : "",
      });
    }
  });

  await section("lock", async () => {
    // Same run, same fixture size: unnamed statements first (the reference), then prepared ones.
    const u = await benchLock({ prepare: false });
    const k = await benchLock({ prepare: true });
    results.lock = { unprepared: u, prepared: k };
    const label = `direct call, ${k.members} members, ${k.existing.toLocaleString("en")} bookings`;
    rows.push({
      benchmark: `queue lock held per routed booking (${label})`,
      value: `p50 ${k.holdP50.toFixed(2)} ms, p99 ${k.holdP99.toFixed(2)} ms`,
      reference: `unnamed statements p50 ${u.holdP50.toFixed(2)} ms, p99 ${u.holdP99.toFixed(2)} ms`,
      ratio: `${(u.holdP50 / k.holdP50).toFixed(2)}x shorter`,
    });
    rows.push({
      benchmark: "routed bookings as a direct call, 1 client, one queue",
      value: `${k.perSecond.toFixed(0)} bookings/s (call p50 ${k.p50.toFixed(2)} ms)`,
      reference: `unnamed statements ${u.perSecond.toFixed(0)}/s${pgTps ? `; pgbench ${pgTps.toFixed(0)} tps` : ""}`,
      ratio: `${(k.perSecond / u.perSecond).toFixed(2)}x unnamed${pgTps ? `; ${(k.perSecond / pgTps).toFixed(2)} of pgbench` : ""}`,
    });
    // Overlapping calls on one queue: decided in batches under one lock (group commit), against one commit per booking.
    const one = await benchLock({ clients: 32, batch: 1, total: 1_000 });
    const grouped = await benchLock({ clients: 32, total: 1_000 });
    (results.lock as Record<string, unknown>).concurrent = { oneCommitEach: one, grouped };
    rows.push({
      benchmark: `routed bookings as a direct call, ${grouped.clients} clients, one queue (group commit)`,
      value: `${grouped.perSecond.toFixed(0)} bookings/s (${grouped.perBatch.toFixed(1)} per batch; call p50 ${grouped.p50.toFixed(1)} ms, p99 ${grouped.p99.toFixed(1)} ms)`,
      reference: `one commit per booking ${one.perSecond.toFixed(0)}/s${pgTps ? `; pgbench ${pgTps.toFixed(0)} tps` : ""}`,
      ratio: `${(grouped.perSecond / one.perSecond).toFixed(2)}x one commit each${pgTps ? `; ${(grouped.perSecond / pgTps).toFixed(2)} of pgbench` : ""}`,
    });
  });

  await section("latency", async () => {
    const l = await benchLatency();
    results.latency = l;
    const ms = (x: { p50: number; p99: number }) => `p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms`;
    const floor = `floor ${l.floor.p50.toFixed(1)} ms`;
    const overFloor = (x: { p50: number }) => `${(x.p50 / l.floor.p50).toFixed(1)}x the floor`;
    rows.push({
      benchmark: "trivial route (unknown /v4 path, no auth, no database), 1 client",
      value: ms(l.floor),
      reference: "framework floor",
      ratio: "1.0 (reference)",
    });
    for (const [clients, x] of [
      [1, l.next1],
      [4, l.next],
    ] as const) {
      rows.push({
        benchmark: `GET /next, ${l.members} members, ${l.existing.toLocaleString("en")} bookings, ${clients} client${clients > 1 ? "s" : ""}`,
        value: ms(x),
        reference: floor,
        ratio: overFloor(x),
      });
    }
    for (const [clients, x] of [
      [1, l.availability1],
      [2, l.availability],
    ] as const) {
      rows.push({
        benchmark: `GET booking-availability (one week, counted: the default), ${clients} client${clients > 1 ? "s" : ""}`,
        value: ms(x),
        reference: floor,
        ratio: overFloor(x),
      });
    }
    rows.push({
      benchmark: "GET booking-availability (one week), 1 client, hosts=ids (every slot's hosts listed)",
      value: ms(l.availabilityIds1),
      reference: `counted: p50 ${l.availability1.p50.toFixed(1)} ms`,
      ratio: overFloor(l.availabilityIds1),
    });
    const h = l.history;
    for (const [what, { a: small, b: large }] of [
      ["GET /next", h.next1],
      ["GET booking-availability (one week, counted)", h.availability1],
      ["GET booking-availability (one week, hosts=ids)", h.availabilityIds1],
    ] as const) {
      rows.push({
        benchmark: `${what}, 1 client, ${h.existing.toLocaleString("en")} bookings of history (alternating)`,
        value: ms(large),
        reference: `${l.existing.toLocaleString("en")} bookings: p50 ${small.p50.toFixed(1)} ms`,
        ratio: `${large.p50 >= small.p50 ? "+" : ""}${((large.p50 / small.p50 - 1) * 100).toFixed(0)}% (goal within 20%)`,
      });
    }
    rows.push({
      benchmark: "routing state read per decision (incremental counters)",
      value: `${l.incremental.medianMs.toFixed(2)} ms median`,
      reference: `naive month recount: ${l.naive.medianMs.toFixed(2)} ms`,
      ratio: `${(l.naive.medianMs / l.incremental.medianMs).toFixed(1)}x faster`,
    });
  });

  await section("availability-large", async () => {
    const a = await benchAvailabilityLarge();
    results.availabilityLarge = a;
    rows.push({
      benchmark: `booking-availability, ${a.members} hosts, ${a.days} days of 5-minute slots, hosts=count (direct call)`,
      value: `p50 ${a.p50.toFixed(0)} ms (max ${a.max.toFixed(0)}; ${a.slots.toLocaleString("en")} slots, ${(a.checks / 1e6).toFixed(1)} M checks)`,
      reference: `rankHosts per slot, same snapshot: ${a.referenceMs.toFixed(0)} ms (${a.referenceSlots.toLocaleString("en")} slots)`,
      ratio: `${(a.referenceMs / a.p50).toFixed(1)}x faster, snapshot and answer included`,
    });
  });

  await section("handoff", async () => {
    for (const [label, url] of [
      ["PostgreSQL", BENCH_ADMIN_URL],
      ["PGlite", undefined],
    ] as const) {
      const h = await benchHandoff(url);
      results.handoff ??= {} as Record<string, unknown>;
      (results.handoff as Record<string, unknown>)[label] = h;
      rows.push({
        benchmark: `bulk handoff of ${h.appointments.toLocaleString("en")} appointments (${label})`,
        value: `${h.seconds.toFixed(1)} s (${h.perSecond.toFixed(0)}/s)`,
        reference: pgTps ? `pgbench ${pgTps.toFixed(0)} tps` : "",
        ratio: pgTps ? `${(h.perSecond / pgTps).toFixed(2)} of pgbench` : "",
      });
    }
  });

  await section("calendars", async () => {
    const c = await benchCalendars();
    results.calendars = c;
    rows.push({
      benchmark: `calendar sync: ${c.calendars} CalDAV calendars × ${c.eventsPerCalendar} events (2 years of recurrences), first full sync`,
      value: `${c.fullSeconds.toFixed(2)} s (${c.intervals.toLocaleString("en")} busy intervals cached)`,
      reference: `nothing changed: ${c.unchangedSeconds.toFixed(2)} s; 5 changed: ${c.fiveChangedSeconds.toFixed(2)} s`,
      ratio: `${(c.fullSeconds / c.unchangedSeconds).toFixed(1)}x a no-change round`,
    });
    const a = await benchCalendarAvailability();
    results.calendarAvailability = a;
    rows.push({
      benchmark: `booking-availability (one week, ${a.members} hosts) with a synced calendar each (${a.busyIntervalsPerMember} busy intervals)`,
      value: `p50 ${a.p50Calendars.toFixed(1)} ms`,
      reference: `no calendars, same run: p50 ${a.p50None.toFixed(1)} ms`,
      ratio: `${a.slower >= 0 ? "+" : ""}${(a.slower * 100).toFixed(1)}% (limit +20%)`,
    });
  });

  await section("webhooks", async () => {
    const t = await benchWebhookThroughput();
    const o = await benchBookingOverhead();
    results.webhooks = { throughput: t, bookingOverhead: o };
    const one = t.find((x) => x.instances === 1)!;
    for (const x of t) {
      rows.push({
        benchmark: `webhook events delivered, ${x.instances} app instance${x.instances > 1 ? "s" : ""}`,
        value: `${x.perSecond.toFixed(0)} events/s (${x.delivered}/${x.events}, ${x.requests} requests)`,
        reference: x.instances > 1 ? `1 instance: ${one.perSecond.toFixed(0)} events/s` : "",
        ratio: x.instances > 1 ? `${(x.perSecond / one.perSecond).toFixed(2)}x` : "",
      });
    }
    for (const [how, r] of [
      ["over HTTP", o.http],
      ["use case in-process", o.inProcess],
      ["the emit call in the transaction", o.emitStatement],
    ] as const) {
      rows.push({
        benchmark: `routed booking p50 with 3 webhook subscriptions vs none (${how})`,
        value: `${r.p50Three.toFixed(2)} vs ${r.p50None.toFixed(2)} ms (${r.addedP50Ms >= 0 ? "+" : ""}${r.addedP50Ms.toFixed(2)} ms)`,
        reference: `paired median ${r.medianPairedDiffMs.toFixed(2)} ms, 95% CI ${r.pairedDiffCi95Ms.map((x) => x.toFixed(2)).join("…")} (${r.pairs} pairs)`,
        ratio: `${o.deliveredToThree}/${o.expectedDeliveries} delivered`,
      });
    }
  });

  console.log("\n" + table(rows));
  if (failures.length) console.log(`\nFailed benchmarks:\n  ${failures.join("\n  ")}`);
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
  writeFileSync(file, JSON.stringify({ ...results, table: rows, failures }, null, 2));
  writeFileSync("bench/results/latest.json", JSON.stringify({ ...results, table: rows, failures }, null, 2));
  console.log(`\nResults written to ${file}`);
  process.exit(failures.length ? 1 : 0);
}

function table(rows: Row[]): string {
  const cols: (keyof Row)[] = ["benchmark", "value", "reference", "ratio"];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(width[i])).join(" | ") + " |";
  return [
    line(cols),
    "|" + width.map((w) => "-".repeat(w + 2)).join("|") + "|",
    ...rows.map((r) => line(cols.map((c) => r[c]))),
  ].join("\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
