/**
 * `user update` and `user hours set` on PGlite and PostgreSQL, each command run in-process through
 * the CLI's own entry (runCli: arguments, use case, printed answer, exit code) on the test's database.
 * scripts/cli.test.ts runs the CLI as a user does, in a child process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { workingHours } from "@/db/schema";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { runCli } from "./cli/run-cli";

describe.each(dbKinds())("npm run baton: people on %s", (kind) => {
  let handle: TestDb;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });
  // The CLI closes its database when a command ends; here the test's database stays open for the next.
  const cli = async (...args: string[]) => {
    const r = await runCli(args, { open: async () => ({ ...handle, close: async () => {} }) });
    return { code: r.code, out: r.stdout, err: r.stderr };
  };
  const ok = (r: Awaited<ReturnType<typeof cli>>) => {
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out);
  };
  const refused = (r: Awaited<ReturnType<typeof cli>>, message: RegExp) => {
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
  };

  it("updates a person and sets their hours with overrides; refuses bad input and another workspace's person", async () => {
    const ws = ok(
      await cli(
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
      await cli(
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
    ok(
      await cli("workspace", "hours", "set", "--workspace", ws.workspaceId, "--hours", "mon-thu 08:00-14:00", "--json"),
    );
    const ada = ok(
      await cli(
        "user",
        "add",
        "--workspace",
        ws.workspaceId,
        "--name",
        "Ada",
        "--email",
        `ada-${kind}@acme.test`,
        "--json",
      ),
    );

    const updated = ok(
      await cli(
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
      await cli(
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
    const text = await cli(
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

    // Someone added after the defaults changed starts with them.
    const bo = ok(
      await cli(
        "user",
        "add",
        "--workspace",
        ws.workspaceId,
        "--name",
        "Bo",
        "--email",
        `bo-${kind}@acme.test`,
        "--json",
      ),
    );
    const rows = await handle.db.select().from(workingHours).where(eq(workingHours.userId, bo.id));
    expect(rows.map((r) => [r.weekday, r.startMinute, r.endMinute]).sort()).toEqual([
      [1, 480, 840],
      [2, 480, 840],
      [3, 480, 840],
      [4, 480, 840],
    ]);
    refused(
      await cli("user", "update", "--workspace", ws.workspaceId, "--id", ada.id, "--active", "maybe"),
      /--active must be yes or no/,
    );
    refused(await cli("user", "update", "--workspace", ws.workspaceId, "--id", ada.id), /Nothing to change/);
    refused(await cli("user", "update", "--workspace", ws.workspaceId, "--id", ada.id, "--role", "owner"), /role/);
    refused(
      await cli("user", "update", "--workspace", other.workspaceId, "--id", ada.id, "--name", "Stolen"),
      /User not found/,
    );
    refused(
      await cli("user", "hours", "set", "--workspace", other.workspaceId, "--id", ada.id, "--hours", "none"),
      /User not found/,
    );
    refused(
      await cli("user", "hours", "set", "--workspace", ws.workspaceId, "--id", ada.id, "--hours", "mon 9-17"),
      /not a time such as 09:00/,
    );
    refused(
      await cli(
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
      await cli(
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

    // A workspace id that names no workspace is refused in words by every command that takes one
    // (before: the insert's foreign-key failure, logged as "command failed" with a stack).
    const nowhere = "00000000-0000-4000-8000-000000000000";
    for (const args of [
      ["user", "add", "--name", "A", "--email", "a@b.test"],
      ["meeting-type", "add", "--name", "M", "--slug", "m", "--duration", "30"],
      ["api-key", "create", "--name", "k"],
      ["workspace", "hours", "set", "--hours", "mon 09:00-10:00"],
    ])
      refused(await cli(...args, "--workspace", nowhere), new RegExp(`No workspace with id ${nowhere}`));
  }, 120_000);
});
