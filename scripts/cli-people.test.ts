/** `user update` and `user hours set`, run as a user runs them (a child process), on PGlite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTempDatabase } from "@/db/temp-database";
import { eq } from "drizzle-orm";
import { migrate, openPglite, openPostgres } from "@/db/client";
import { workingHours } from "@/db/schema";
import { dbKinds } from "@/tests/support/db";

describe.each(dbKinds())("npm run baton: people on %s", (kind) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "baton-cli-people-"));
  let env: Record<string, string> = { DATABASE_URL: "", PGLITE_DIR: path.join(dir, "db") };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (kind !== "postgres") return;
    const temp = await createTempDatabase(process.env.TEST_DATABASE_URL!, "baton_cli");
    const handle = await openPostgres(temp.url);
    await migrate(handle);
    await handle.close();
    env = { DATABASE_URL: temp.url };
    drop = temp.drop;
  }, 120_000);
  afterAll(async () => {
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (...args: string[]) => {
    const r = spawnSync("npx", ["tsx", "scripts/cli.ts", ...args], {
      encoding: "utf8",
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const ok = (r: ReturnType<typeof cli>) => {
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out);
  };
  const refused = (r: ReturnType<typeof cli>, message: RegExp) => {
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
  };

  it("updates a person and sets their hours with overrides; refuses bad input and another workspace's person", async () => {
    const ws = ok(
      cli(
        "workspace",
        "create",
        "--name",
        "Acme",
        "--admin-email",
        `ops-${kind}@acme.test`,
        "--admin-password",
        "s3cret-pass",
        "--json",
      ),
    );
    const other = ok(
      cli(
        "workspace",
        "create",
        "--name",
        "Beta",
        "--admin-email",
        `ops-${kind}@beta.test`,
        "--admin-password",
        "s3cret-pass",
        "--json",
      ),
    );
    // The workspace's default hours: people added from now on start with them.
    ok(cli("workspace", "hours", "set", "--workspace", ws.workspaceId, "--hours", "mon-thu 08:00-14:00", "--json"));
    const ada = ok(
      cli("user", "add", "--workspace", ws.workspaceId, "--name", "Ada", "--email", `ada-${kind}@acme.test`, "--json"),
    );

    const updated = ok(
      cli(
        "user",
        "update",
        "--workspace",
        ws.workspaceId,
        "--id",
        ada.id,
        "--role",
        "manager",
        "--time-zone",
        "America/Denver",
        "--active",
        "no",
        "--json",
      ),
    );
    expect(updated).toMatchObject({ role: "manager", timeZone: "America/Denver", active: false });

    const schedule = ok(
      cli(
        "user",
        "hours",
        "set",
        "--workspace",
        ws.workspaceId,
        "--id",
        ada.id,
        "--hours",
        "mon-thu 08:00-12:00,13:00-16:00; fri 08:00-12:00",
        "--override",
        "2030-12-24 off",
        "--override",
        "2030-12-28 10:00-12:00",
        "--json",
      ),
    );
    expect(schedule.timeZone).toBe("America/Denver");
    expect(schedule.weekly).toHaveLength(9);
    expect(schedule.weekly[0]).toEqual({ weekday: 1, startMinute: 480, endMinute: 720 });
    expect(schedule.overrides).toEqual([
      { day: "2030-12-24", ranges: [] },
      { day: "2030-12-28", ranges: [{ startMinute: 600, endMinute: 720 }] },
    ]);
    const text = cli(
      "user",
      "hours",
      "set",
      "--workspace",
      ws.workspaceId,
      "--id",
      ada.id,
      "--hours",
      "mon 09:00-17:00",
    );
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain("Mon 09:00-17:00");
    expect(text.out).toContain("2030-12-24 off"); // overrides stay unless --override is given

    // Someone added after the defaults changed starts with them (read once the CLI has exited).
    const bo = ok(
      cli("user", "add", "--workspace", ws.workspaceId, "--name", "Bo", "--email", `bo-${kind}@acme.test`, "--json"),
    );
    const handle = kind === "postgres" ? await openPostgres(env.DATABASE_URL) : await openPglite(env.PGLITE_DIR);
    try {
      const rows = await handle.db.select().from(workingHours).where(eq(workingHours.userId, bo.id));
      expect(rows.map((r) => [r.weekday, r.startMinute, r.endMinute]).sort()).toEqual([
        [1, 480, 840],
        [2, 480, 840],
        [3, 480, 840],
        [4, 480, 840],
      ]);
    } finally {
      await handle.close();
    }
    refused(
      cli("user", "update", "--workspace", ws.workspaceId, "--id", ada.id, "--active", "maybe"),
      /--active must be yes or no/,
    );
    refused(cli("user", "update", "--workspace", ws.workspaceId, "--id", ada.id), /Nothing to change/);
    refused(cli("user", "update", "--workspace", ws.workspaceId, "--id", ada.id, "--role", "owner"), /role/);
    refused(
      cli("user", "update", "--workspace", other.workspaceId, "--id", ada.id, "--name", "Stolen"),
      /User not found/,
    );
    refused(
      cli("user", "hours", "set", "--workspace", other.workspaceId, "--id", ada.id, "--hours", "none"),
      /User not found/,
    );
    refused(
      cli("user", "hours", "set", "--workspace", ws.workspaceId, "--id", ada.id, "--hours", "mon 9-17"),
      /not a time such as 09:00/,
    );
    refused(
      cli(
        "user",
        "hours",
        "set",
        "--workspace",
        ws.workspaceId,
        "--id",
        ada.id,
        "--hours",
        "mon 09:00-12:00,11:00-13:00",
      ),
      /must not overlap/,
    );
    refused(
      cli(
        "user",
        "hours",
        "set",
        "--workspace",
        ws.workspaceId,
        "--id",
        ada.id,
        "--hours",
        "none",
        "--override",
        "2030-02-30 off",
      ),
      /Invalid input/,
    );
  }, 400_000);
});
