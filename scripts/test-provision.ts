/**
 * First step of `npm test` (and `npx tsx scripts/test-provision.ts [part…]` on its own): makes sure the
 * system programs the selected parts need are on this machine. A missing one is installed with apt-get
 * when this process may do so (root, apt-get present), saying so; otherwise it stops before any test
 * runs, printing the exact command to run.
 *
 * BATON_TEST_PROVISION exists only for scripts/test-provision.test.ts:
 *   dry-run               act as if it could install, but only print what it would run, then stop
 *   pretend-unprivileged  act as a non-root user of a machine with apt-get: print the sudo command and stop
 *   pretend-no-apt        act as if this machine had no apt-get: print what to install by hand and stop
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const TEST_PARTS = ["typecheck", "lint", "format", "vitest", "e2e", "load"] as const;
export type TestPart = (typeof TEST_PARTS)[number];

export function isTestPart(s: string): s is TestPart {
  return (TEST_PARTS as readonly string[]).includes(s);
}

interface SystemDependency {
  /** Debian package that provides it. */
  aptPackage: string;
  neededBy: TestPart;
  what: string;
  /** Where it is, or null when missing. */
  locate: () => string | null;
  /** Extra advice printed with the install command, e.g. an env var that overrides the location. */
  note?: () => string | undefined;
  /** Command for machines without apt-get, when there is one. */
  elsewhere: string;
}

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

const dependencies: SystemDependency[] = [
  {
    aptPackage: "chromium",
    neededBy: "e2e",
    what: "Chromium, the browser the Playwright tests drive (playwright.config.ts: CHROMIUM_PATH or /usr/bin/chromium)",
    locate: () => {
      const p = process.env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
      return isExecutable(p) ? p : null;
    },
    note: () =>
      process.env.CHROMIUM_PATH && process.env.CHROMIUM_PATH !== DEBIAN_CHROMIUM
        ? `CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}; the Debian package installs ${DEBIAN_CHROMIUM}, so unset CHROMIUM_PATH afterwards or point it at a Chromium binary.`
        : undefined,
    elsewhere: "install Chromium with your package manager and set CHROMIUM_PATH to its binary",
  },
  {
    aptPackage: "radicale",
    neededBy: "vitest",
    what: "Radicale, the CalDAV server the calendar integration tests talk to (`radicale` on the PATH)",
    locate: () => findOnPath("radicale"),
    elsewhere: "python3 -m pip install --user radicale",
  },
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(program: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, program))) return path.join(dir, program);
  }
  return null;
}

/** The command a person runs; `sudo` unless they are root already. */
export function aptInstallCommand(packages: string[], asRoot: boolean): string {
  const sudo = asRoot ? "" : "sudo ";
  return `${sudo}apt-get update && ${sudo}DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(" ")}`;
}

const TEST_MODES = ["dry-run", "pretend-unprivileged", "pretend-no-apt"] as const;
type Mode = "install" | (typeof TEST_MODES)[number];

function readMode(): Mode {
  const v = process.env.BATON_TEST_PROVISION;
  if (!v) return "install";
  const mode = TEST_MODES.find((m) => m === v);
  if (mode) return mode;
  throw new Error(`BATON_TEST_PROVISION must be one of ${TEST_MODES.join(", ")} (got "${v}")`);
}

export interface ProvisionResult {
  ok: boolean;
  /** What it found, installed or wants; print in order. */
  lines: string[];
}

/** Checks (and where it may, installs) the system programs that `parts` need. */
export function provisionTestDependencies(parts: readonly TestPart[]): ProvisionResult {
  const mode = readMode();
  const lines: string[] = [];
  const needed = dependencies.filter((d) => parts.includes(d.neededBy));
  const missing = needed.filter((d) => {
    const at = d.locate();
    if (at) lines.push(`provision: ${d.aptPackage} found at ${at}`);
    return !at;
  });
  if (missing.length === 0) return { ok: true, lines };

  const packages = missing.map((d) => d.aptPackage);
  const notes = missing.flatMap((d) => d.note?.() ?? []);
  for (const d of missing) lines.push(`provision: ${d.aptPackage} is missing: ${d.what}, needed by \`${d.neededBy}\`.`);

  const isRoot = mode === "install" ? process.getuid?.() === 0 : mode === "dry-run";
  const hasApt = mode === "install" ? findOnPath("apt-get") !== null : mode !== "pretend-no-apt";
  const mayInstall = isRoot && hasApt;

  if (!mayInstall) {
    if (hasApt)
      lines.push(`Not running as root, so not installing it. Run:`, `  ${aptInstallCommand(packages, false)}`);
    else {
      lines.push("This machine has no apt-get. Install it yourself:");
      for (const d of missing) lines.push(`  ${d.aptPackage}: ${d.elsewhere}`);
    }
    lines.push(...notes, "then run `npm test` again.");
    return { ok: false, lines };
  }

  const command = aptInstallCommand(packages, true);
  if (mode === "dry-run") {
    lines.push(`Dry run (BATON_TEST_PROVISION=dry-run): would install it with`, `  ${command}`, ...notes);
    lines.push("Nothing was installed, so stopping here.");
    return { ok: false, lines };
  }

  // apt-get talks for a while: say what is missing and what runs before it starts.
  for (const line of lines.splice(0)) console.log(line);
  console.log(`provision: installing ${packages.join(", ")}: ${command}`);
  // Other worktrees on the same machine may be running apt at the same moment: wait for its lock.
  const lock = ["-o", "DPkg::Lock::Timeout=600"];
  const update = spawnSync("apt-get", ["update", "-qq", ...lock], { stdio: "inherit" });
  const install =
    update.status === 0 &&
    spawnSync("apt-get", ["install", "-y", "-q", ...lock, ...packages], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    }).status === 0;
  const stillMissing = missing.filter((d) => !d.locate());
  if (!install || stillMissing.length > 0) {
    lines.push(
      install
        ? `apt-get installed ${packages.join(" ")}, but ${stillMissing.map((d) => d.aptPackage).join(", ")} still cannot be found.`
        : `apt-get failed (see its output above). Fix that, or run it yourself:`,
      `  ${command}`,
      ...notes,
    );
    return { ok: false, lines };
  }
  for (const d of missing) lines.push(`provision: installed ${d.aptPackage}, now at ${d.locate()}`);
  return { ok: true, lines };
}

/** Parses `part…` arguments; none means every part. */
export function parseTestParts(args: string[]): { parts: TestPart[] } | { error: string } {
  const unknown = args.filter((a) => !isTestPart(a));
  if (unknown.length > 0)
    return {
      error: `Unknown test part ${unknown.map((u) => `"${u}"`).join(", ")}; parts are: ${TEST_PARTS.join(", ")}.`,
    };
  return { parts: args.length > 0 ? (args as TestPart[]) : [...TEST_PARTS] };
}

/** Runs provisioning for the command line's parts and exits the process when it cannot go on. */
export function provisionOrExit(args: string[]): TestPart[] {
  const parsed = parseTestParts(args);
  if ("error" in parsed) {
    console.error(parsed.error);
    process.exit(2);
  }
  let result: ProvisionResult;
  try {
    result = provisionTestDependencies(parsed.parts);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (!result.ok) {
    console.error(result.lines.join("\n"));
    console.error("\nStopped before running any test: a system dependency is missing.");
    process.exit(1);
  }
  for (const line of result.lines) console.log(line);
  return parsed.parts;
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? "")).href) {
  provisionOrExit(process.argv.slice(2));
}
