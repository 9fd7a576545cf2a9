/**
 * `npm test [-- part…]`: first installs or asks for the system programs the parts need
 * (scripts/test-provision.ts), then runs every suite in order (typecheck, lint, format, vitest on
 * PGlite and — when TEST_DATABASE_URL is set — real PostgreSQL, production build, Playwright, small
 * load test), then one closing line `N passed, N failed` summing them all, which also says when the
 * PostgreSQL-only tests did not run.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { provisionOrExit, type TestPart } from "./test-provision";

const parts = provisionOrExit(process.argv.slice(2));
const wants = (p: TestPart) => parts.includes(p);

interface Tally {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}
const tallies: Tally[] = [];
mkdirSync("test-results", { recursive: true });

/**
 * Each part gets a time budget: a hung step (a build waiting on a dead worker, a server that never
 * answers) fails that part within its budget instead of stalling the whole run. The step runs in its
 * own process group so the kill also reaches the workers it started.
 */
const BUDGET_MINUTES: Record<string, number> = {
  tsc: 10,
  eslint: 10,
  prettier: 5,
  vitest: 30,
  next: 20,
  playwright: 35,
  tsx: 15,
};

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  // BATON_TEST_STEP_BUDGET_MINUTES overrides every budget (a slow machine, or the test of this guard).
  const minutes = Number(process.env.BATON_TEST_STEP_BUDGET_MINUTES) || (BUDGET_MINUTES[args[0] ?? ""] ?? 15);
  console.log(`\n▶ ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const child = spawn(cmd, args, { stdio: "inherit", detached: true, env: { ...process.env, ...env } });
  let timedOut = false;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // the group is already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`\n✖ ${cmd} ${args[0]} ran past its ${minutes}-minute budget: stopping it`);
    killGroup("SIGTERM");
    setTimeout(() => killGroup("SIGKILL"), 10_000).unref();
  }, minutes * 60_000);
  const code = await new Promise<number | null>((resolve) => {
    child.on("exit", (c) => resolve(c));
    child.on("error", () => resolve(null));
  });
  clearTimeout(timer);
  // Whatever the step left running in its group (a server, a worker) must not outlive it.
  killGroup("SIGKILL");
  console.log(`  (${args[0]}: ${((Date.now() - started) / 1000).toFixed(0)} s${timedOut ? ", timed out" : ""})`);
  return code === 0 && !timedOut;
}

async function step(name: string, cmd: string, args: string[], env?: Record<string, string>) {
  const ok = await run(cmd, args, env);
  tallies.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 });
  return ok;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

const env = { NEXTAUTH_URL: "http://localhost:3000", NEXTAUTH_SECRET: "test-secret-not-for-production" };

async function main() {
  if (wants("typecheck")) await step("typecheck", "npx", ["tsc", "--noEmit", "-p", "."]);
  if (wants("lint")) await step("lint", "npx", ["eslint", ".", "--max-warnings=0"]);
  if (wants("format")) await step("format", "npx", ["prettier", "--check", "."]);

  if (wants("vitest")) {
    // Two runs: everything but the fault tests on two workers (most of it waits on a database or a
    // subprocess), then the fault tests alone, one at a time: they measure latency under a flood and
    // restart or starve the database, so they must not share the machine with other tests.
    const runs: { name: string; args: string[] }[] = [
      { name: "vitest", args: ["--exclude", "tests/faults/**", "--maxWorkers=2"] },
      { name: "vitest (faults, alone)", args: ["tests/faults", "--maxWorkers=1"] },
    ];
    for (const [i, { name, args }] of runs.entries()) {
      const out = `test-results/vitest-${i}.json`;
      rmSync(out, { force: true });
      const ok = await run(
        "npx",
        ["vitest", "run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
        env,
      );
      const r = readJson<{
        numPassedTests: number;
        numFailedTests: number;
        numPendingTests: number;
        numTodoTests: number;
        numFailedTestSuites: number;
      }>(out);
      if (r)
        tallies.push({
          name,
          passed: r.numPassedTests,
          failed: r.numFailedTests + (ok || r.numFailedTests ? 0 : Math.max(1, r.numFailedTestSuites)),
          skipped: r.numPendingTests + r.numTodoTests,
        });
      else tallies.push({ name, passed: 0, failed: 1, skipped: 0 });
    }
  }

  if (wants("e2e")) {
    const built = await step("next build", "npx", ["next", "build"], { ...env, NEXT_TELEMETRY_DISABLED: "1" });
    if (built) {
      const out = "test-results/e2e-results.json";
      rmSync(out, { force: true });
      const ok = await run("npx", ["playwright", "test"], env);
      const r = existsSync(out)
        ? readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(out)
        : null;
      if (r)
        tallies.push({
          name: "playwright",
          passed: r.stats.expected + r.stats.flaky,
          failed: r.stats.unexpected + (ok || r.stats.unexpected ? 0 : 1),
          skipped: r.stats.skipped,
        });
      else tallies.push({ name: "playwright", passed: 0, failed: 1, skipped: 0 });
    }
  }

  if (wants("load")) {
    if (process.env.TEST_DATABASE_URL)
      await step("load test (small)", "npx", ["tsx", "scripts/load-test.ts", "--small"], env);
    else tallies.push({ name: "load test (small)", passed: 0, failed: 0, skipped: 1 });
  }

  console.log("\nSuite summary:");
  for (const t of tallies)
    console.log(
      `  ${t.name.padEnd(20)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`,
    );
  const passed = tallies.reduce((s, t) => s + t.passed, 0);
  const failed = tallies.reduce((s, t) => s + t.failed, 0);
  const skipped = tallies.reduce((s, t) => s + t.skipped, 0);
  // The PostgreSQL-only tests leave no trace in the counts when they do not run, so say so in words.
  const postgresSkipped = !process.env.TEST_DATABASE_URL && (wants("vitest") || wants("load"));
  if (postgresSkipped)
    console.log(
      "\nPostgreSQL part skipped: TEST_DATABASE_URL is not set, so the PostgreSQL half of every integration test,\n" +
        "the two-process concurrency test and the load-and-fault test did not run. To run them too:\n" +
        "  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test",
    );
  console.log(
    `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}` +
      (postgresSkipped ? " (PostgreSQL part skipped: TEST_DATABASE_URL unset)" : ""),
  );
  process.exit(failed > 0 ? 1 : 0);
}

void main();
