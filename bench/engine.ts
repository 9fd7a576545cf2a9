// Micro-benchmark of the pure routing engine: time per rankHosts call vs queue size, for a
// booking decision (limit 5) and for the full ranking.
// Run: npx tsx bench/engine.ts
import { rankHosts } from "../lib/routing";
import type { GroupInput, MemberInput, QueueConfig } from "../lib/routing";

const H = 3_600_000;
const DAY0 = Date.UTC(2026, 10, 23); // Monday

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GROUPS: GroupInput[] = [
  { id: "g1", name: "Enterprise", priority: 1 },
  { id: "g2", name: "Mid-market", priority: 2 },
  { id: "g3", name: "Overflow", priority: 3 },
];

function makeMembers(n: number): MemberInput[] {
  const r = prng(n);
  const out: MemberInput[] = [];
  for (let i = 0; i < n; i++) {
    const busy = [];
    for (let k = 0; k < 4; k++) {
      const s = DAY0 + Math.floor(r() * 5 * 24) * H;
      busy.push({ start: s, end: s + H });
    }
    const exceptions = r() < 0.1 ? [{ start: DAY0 + Math.floor(r() * 5) * 24 * H, end: DAY0 + 6 * 24 * H }] : [];
    const workingHours = [];
    for (let d = 0; d < 5; d++)
      workingHours.push({ start: DAY0 + d * 24 * H + 8 * H, end: DAY0 + d * 24 * H + 17 * H });
    out.push({
      userId: `user-${i}`,
      weight: r() < 0.05 ? 0 : 1 + Math.floor(r() * 5),
      capPerDay: r() < 0.3 ? 6 : null,
      capPerWeek: r() < 0.3 ? 25 : null,
      groupIds: [`g${1 + (i % 3)}`],
      position: i,
      windowCount: Math.floor(r() * 40),
      windowCredit: r() < 0.2 ? r() * 3 : 0,
      dayCount: Math.floor(r() * 7),
      weekCount: Math.floor(r() * 26),
      lastAssignedAt: r() < 0.1 ? null : DAY0 - Math.floor(r() * 1e8),
      exceptions,
      busy,
      workingHours,
    });
  }
  return out;
}

const CONFIG: QueueConfig = {
  strategy: "weighted",
  fairnessWindow: "week",
  returnPolicy: "keep_position",
  timeZone: "Europe/Berlin",
};

/** Hosts a booking decision asks for (POST /v4/booking tries them in order, falling back on a conflict). */
export const DECISION_LIMIT = 5;

export type EngineMode = "decision" | "full";
export interface EngineRow {
  /** decision: rankHosts with limit DECISION_LIMIT (POST /v4/booking); full: the whole ranking (GET /next). */
  mode: EngineMode;
  members: number;
  medianMicros: number;
  p99Micros: number;
}

function measure(mode: EngineMode, members: MemberInput[]): EngineRow {
  const n = members.length;
  const limit = mode === "decision" ? DECISION_LIMIT : undefined;
  // ~0.5 s of measured work per size, bounded; warm-up lets the JIT settle.
  const iterations = Math.max(200, Math.min(20_000, Math.floor((mode === "decision" ? 20_000_000 : 5_000_000) / n)));
  const warmup = Math.max(50, iterations >> 2);
  const samples = new Float64Array(iterations);
  let sink = 0;
  for (let it = -warmup; it < iterations; it++) {
    const start = DAY0 + (it & 3) * 24 * H + (9 + (it % 7)) * H; // varying slot inside working hours
    const req = { start, end: start + H / 2, now: start - H, limit };
    const t0 = process.hrtime.bigint();
    const res = rankHosts(CONFIG, GROUPS, members, req);
    const t1 = process.hrtime.bigint();
    sink += res.nextHosts.length + res.excluded.length;
    if (it >= 0) samples[it] = Number(t1 - t0) / 1000;
  }
  if (sink < 0) console.log(sink); // keep results alive
  samples.sort();
  return {
    mode,
    members: n,
    medianMicros: round(samples[Math.floor(iterations / 2)]),
    p99Micros: round(samples[Math.min(iterations - 1, Math.floor(iterations * 0.99))]),
  };
}

/**
 * Time per rankHosts call vs queue size, two rows per size: 'decision' (limit 5: eligibility of
 * every member, only the top 5 ranked) and 'full' (every eligible member ranked and listed).
 * Rows come grouped by mode, decision first, sizes ascending.
 */
export async function benchEngine(): Promise<EngineRow[]> {
  const decision: EngineRow[] = [];
  const full: EngineRow[] = [];
  for (const n of [10, 100, 1_000, 10_000]) {
    const members = makeMembers(n); // built right before its runs, as a request would
    decision.push(measure("decision", members));
    await new Promise((r) => setImmediate(r));
    full.push(measure("full", members));
    await new Promise((r) => setImmediate(r));
  }
  return [...decision, ...full];
}

const round = (x: number) => Math.round(x * 10) / 10;

const isMain =
  typeof process !== "undefined" && process.argv[1] !== undefined && /bench[\\/]engine\.ts$/.test(process.argv[1]);
if (isMain) {
  benchEngine().then((rows) => {
    console.log("rankHosts (weighted, 3 groups, 4 busy + working hours + occasional exception per member)");
    console.log(`decision = limit ${DECISION_LIMIT} (POST /v4/booking); full = whole ranking (GET /next)`);
    console.log(
      "mode".padEnd(9),
      "members".padStart(8),
      "median µs".padStart(11),
      "p99 µs".padStart(10),
      "growth/10x".padStart(11),
    );
    rows.forEach((r, i) => {
      const prev = i > 0 && rows[i - 1].mode === r.mode ? rows[i - 1] : null;
      const g = prev === null ? "-" : `${(r.medianMicros / prev.medianMicros).toFixed(1)}x`;
      console.log(
        r.mode.padEnd(9),
        String(r.members).padStart(8),
        r.medianMicros.toFixed(1).padStart(11),
        r.p99Micros.toFixed(1).padStart(10),
        g.padStart(11),
      );
    });
  });
}
