/**
 * `npm test` on a machine that lacks a system dependency: run as a user runs it, in a child process,
 * with chromium "missing" (CHROMIUM_PATH pointing nowhere) and the installer switched to its test-only modes.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";

function run(script: string, args: string[], env: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const r = spawnSync("npx", ["tsx", script, ...args], { encoding: "utf8", env: childEnv, timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

const noChromium = { CHROMIUM_PATH: "/nonexistent/chromium" };
const rootCommand = "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium";
const sudoCommand = "sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium";

describe("test provisioning", () => {
  it("dry run: names the missing chromium and the exact command it would install it with, installs nothing", () => {
    const r = run("scripts/test-provision.ts", ["e2e"], { ...noChromium, BATON_TEST_PROVISION: "dry-run" });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain("chromium is missing");
    expect(r.out).toContain("needed by `e2e`");
    expect(r.out).toContain(`would install it with\n  ${rootCommand}\n`);
    expect(r.out).not.toContain("sudo");
    expect(r.out).toContain("CHROMIUM_PATH is set to /nonexistent/chromium");
    expect(r.out).toContain("Nothing was installed");
  });

  it("cannot install (not root): `npm test` stops before running anything and prints the sudo command", () => {
    const r = run("scripts/test-all.ts", ["typecheck", "e2e"], {
      ...noChromium,
      BATON_TEST_PROVISION: "pretend-unprivileged",
    });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain("chromium is missing");
    expect(r.out).toContain(`Not running as root, so not installing it. Run:\n  ${sudoCommand}\n`);
    expect(r.out).toContain("Stopped before running any test");
    // Nothing ran: not the typecheck that comes first, not the build, and no summary.
    expect(r.out).not.toContain("▶");
    expect(r.out).not.toContain("Suite summary");
  });

  it("no apt-get: stops and says what to install by hand", () => {
    const r = run("scripts/test-provision.ts", ["e2e"], { ...noChromium, BATON_TEST_PROVISION: "pretend-no-apt" });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(
      "This machine has no apt-get. Install it yourself:\n" +
        "  chromium: install Chromium with your package manager and set CHROMIUM_PATH to its binary\n",
    );
    expect(r.out).not.toContain("apt-get install");
  });

  it("passes when the dependency is there, without installing", () => {
    const r = run("scripts/test-provision.ts", ["e2e"], {
      CHROMIUM_PATH: process.execPath, // any executable stands in for the browser here
      BATON_TEST_PROVISION: "dry-run",
    });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`chromium found at ${process.execPath}`);
    expect(r.out).not.toContain("install");
  });

  it("asks nothing for parts that need no system program", () => {
    const r = run("scripts/test-provision.ts", ["typecheck", "lint", "format", "load"], {
      ...noChromium,
      BATON_TEST_PROVISION: "pretend-unprivileged",
    });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toBe("");
  });

  it("refuses an unknown part or switch value with a message", () => {
    const part = run("scripts/test-all.ts", ["e2ee"], {});
    expect(part.code).toBe(2);
    expect(part.out).toContain('Unknown test part "e2ee"; parts are: typecheck, lint, format, vitest, e2e, load.');
    const mode = run("scripts/test-provision.ts", ["e2e"], { BATON_TEST_PROVISION: "yes" });
    expect(mode.code).toBe(2);
    expect(mode.out).toContain("BATON_TEST_PROVISION must be one of dry-run, pretend-unprivileged, pretend-no-apt");
  });
});

describe("npm test summary without TEST_DATABASE_URL", () => {
  it("says the PostgreSQL-only tests were skipped and how to run them", () => {
    const r = run("scripts/test-all.ts", ["load"], { TEST_DATABASE_URL: undefined });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("load test (small)    0 passed, 0 failed, 1 skipped");
    expect(r.out).toContain(
      "PostgreSQL part skipped: TEST_DATABASE_URL is not set, so the PostgreSQL half of every integration test,\n" +
        "the two-process concurrency test and the load-and-fault test did not run.",
    );
    expect(r.out).toContain("  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test");
    expect(r.out.trimEnd().split("\n").at(-1)).toBe(
      "0 passed, 0 failed, 1 skipped (PostgreSQL part skipped: TEST_DATABASE_URL unset)",
    );
  });
});

describe("npm test step budgets", () => {
  it("stops a step that runs past its budget, with its workers, and counts it as failed", () => {
    const started = Date.now();
    const r = run("scripts/test-all.ts", ["format"], { BATON_TEST_STEP_BUDGET_MINUTES: "0.02" });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain("ran past its 0.02-minute budget: stopping it");
    expect(r.out).toContain("format               0 passed, 1 failed");
    expect(Date.now() - started).toBeLessThan(40_000);
  });
});
