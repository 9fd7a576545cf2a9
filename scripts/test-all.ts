/**
 * `npm test`: every suite in order (typecheck, lint, vitest on PGlite and — when
 * TEST_DATABASE_URL is set — real PostgreSQL, production build, Playwright, small load test),
 * then one closing line `N passed, N failed` summing them all.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

interface Tally {
  name: string;
  passed: number;
  failed: number;
  skipped: number;
}
const tallies: Tally[] = [];
mkdirSync("test-results", { recursive: true });

function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  console.log(`\n▶ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

function step(name: string, cmd: string, args: string[], env?: Record<string, string>) {
  const ok = run(cmd, args, env);
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

const only = process.argv.slice(2);
const wants = (s: string) => only.length === 0 || only.includes(s);
const env = { NEXTAUTH_URL: "http://localhost:3000", NEXTAUTH_SECRET: "test-secret-not-for-production" };

if (wants("typecheck")) step("typecheck", "npx", ["tsc", "--noEmit", "-p", "."]);
if (wants("lint")) step("lint", "npx", ["eslint", ".", "--max-warnings=0"]);
if (wants("format")) step("format", "npx", ["prettier", "--check", "."]);

if (wants("vitest")) {
  const out = "test-results/vitest.json";
  rmSync(out, { force: true });
  const ok = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], env);
  const r = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  }>(out);
  if (r)
    tallies.push({
      name: "vitest",
      passed: r.numPassedTests,
      failed: r.numFailedTests + (ok || r.numFailedTests ? 0 : Math.max(1, r.numFailedTestSuites)),
      skipped: r.numPendingTests + r.numTodoTests,
    });
  else tallies.push({ name: "vitest", passed: 0, failed: 1, skipped: 0 });
}

if (wants("e2e")) {
  const built = step("next build", "npx", ["next", "build"], { ...env, NEXT_TELEMETRY_DISABLED: "1" });
  if (built) {
    const out = "test-results/e2e-results.json";
    rmSync(out, { force: true });
    const ok = run("npx", ["playwright", "test"], env);
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

if (wants("load") && existsSync("scripts/load-test.ts") && process.env.TEST_DATABASE_URL) {
  step("load test (small)", "npx", ["tsx", "scripts/load-test.ts", "--small"], env);
}

console.log("\nSuite summary:");
for (const t of tallies)
  console.log(
    `  ${t.name.padEnd(20)} ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`,
  );
const passed = tallies.reduce((s, t) => s + t.passed, 0);
const failed = tallies.reduce((s, t) => s + t.failed, 0);
const skipped = tallies.reduce((s, t) => s + t.skipped, 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
