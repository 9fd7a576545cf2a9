/** The operator CLI, run as a user runs it: a child process on a fresh embedded database. */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const dir = mkdtempSync(path.join(os.tmpdir(), "baton-cli-"));
const cli = (...args: string[]) => {
  // What `npm run baton` runs (tsx), without npx's second or so of start-up on every call.
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: path.join(dir, "db") },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe("npm run baton", () => {
  it("creates a workspace, a user, a meeting type and keys, and refuses bad input with a message", () => {
    try {
      const ws = cli(
        "workspace",
        "create",
        "--name",
        "Acme",
        "--admin-email",
        "ops@acme.test",
        "--admin-password",
        "s3cret-pass",
        "--json",
      );
      expect(ws.code, ws.err).toBe(0);
      const created = JSON.parse(ws.out) as { workspaceId: string; apiKey: string };
      expect(created.apiKey).toMatch(/^bt_[0-9a-f]{12}_/);

      const user = cli(
        "user",
        "add",
        "--workspace",
        created.workspaceId,
        "--name",
        "Ada",
        "--email",
        "ada@acme.test",
        "--role",
        "rep",
        "--json",
      );
      expect(user.code, user.err).toBe(0);
      expect(JSON.parse(user.out)).toMatchObject({ email: "ada@acme.test", role: "rep" });
      expect(user.out).not.toContain("passwordHash");

      const mt = cli(
        "meeting-type",
        "add",
        "--workspace",
        created.workspaceId,
        "--name",
        "Demo",
        "--slug",
        "demo",
        "--duration",
        "30",
      );
      expect(mt.code, mt.err).toBe(0);

      const key = cli("api-key", "create", "--workspace", created.workspaceId, "--name", "CRM", "--json");
      expect(key.code, key.err).toBe(0);
      const k = JSON.parse(key.out) as { id: string; key: string };
      expect(cli("api-key", "revoke", "--workspace", created.workspaceId, "--id", k.id).code).toBe(0);

      const bad = [
        cli("workspace", "create", "--name", "X", "--admin-email", "not-an-email", "--admin-password", "s3cret-pass"),
        cli("user", "add", "--workspace", "nope", "--name", "A", "--email", "a@b.test"),
        cli("user", "add", "--workspace", created.workspaceId, "--name", "Dup", "--email", "ada@acme.test"),
        cli(
          "meeting-type",
          "add",
          "--workspace",
          created.workspaceId,
          "--name",
          "D",
          "--slug",
          "Bad Slug",
          "--duration",
          "30",
        ),
        cli(
          "meeting-type",
          "add",
          "--workspace",
          created.workspaceId,
          "--name",
          "D",
          "--slug",
          "d",
          "--duration",
          "-5",
        ),
        cli("frobnicate"),
      ];
      for (const r of bad) {
        expect(r.code).toBe(1);
        expect(r.err.trim().length).toBeGreaterThan(0);
        expect(r.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
