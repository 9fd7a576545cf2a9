import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { authenticateApiRequest } from "@/lib/auth/api-auth";
import { AppError } from "@/lib/errors";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { revokeApiKey } from "@/lib/workspaces/manage-api-keys";
import { apiKeys } from "@/db/schema";
import { eq } from "drizzle-orm";

const req = (headers: Record<string, string>) => new Request("http://localhost/v4/user", { headers });
async function status(p: Promise<unknown>) {
  try {
    await p;
    return 200;
  } catch (e) {
    return e instanceof AppError ? e.status : 500;
  }
}

describe.each(dbKinds())("API key authentication on %s", (kind) => {
  let t: TestDb;
  let a: Awaited<ReturnType<typeof createWorkspace>>;
  let b: Awaited<ReturnType<typeof createWorkspace>>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    a = await createWorkspace(t.db, { name: "A", adminEmail: "a@a.test", adminPassword: "password1" });
    b = await createWorkspace(t.db, { name: "B", adminEmail: "b@b.test", adminPassword: "password1" });
  });
  afterAll(() => t?.close());

  it("accepts a valid key with a user of its workspace", async () => {
    const ctx = await authenticateApiRequest(
      req({ authorization: `Bearer ${a.key}`, "x-meetergo-api-user-id": a.admin.id }),
      t.db,
    );
    expect(ctx.workspaceId).toBe(a.workspace.id);
    expect(ctx.actor.id).toBe(a.admin.id);
  });

  it("stores only a hash of the key", async () => {
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, a.apiKey.id));
    expect(row.secretHash).not.toContain(a.key);
    // The whole secret: base64url may itself contain "_", so it is everything after `bt_<prefix>_`.
    const secret = a.key.split("_").slice(2).join("_");
    expect(secret.length).toBe(32);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it("answers 401 for missing, malformed, unknown and tampered keys", async () => {
    const user = { "x-meetergo-api-user-id": a.admin.id };
    expect(await status(authenticateApiRequest(req(user), t.db))).toBe(401);
    expect(await status(authenticateApiRequest(req({ ...user, authorization: "Bearer nope" }), t.db))).toBe(401);
    expect(await status(authenticateApiRequest(req({ ...user, authorization: `Basic ${a.key}` }), t.db))).toBe(401);
    const tampered = a.key.slice(0, -1) + (a.key.endsWith("A") ? "B" : "A");
    expect(await status(authenticateApiRequest(req({ ...user, authorization: `Bearer ${tampered}` }), t.db))).toBe(401);
  });

  it("answers 403 when the user belongs to another workspace, 400 when the header is missing", async () => {
    expect(
      await status(
        authenticateApiRequest(req({ authorization: `Bearer ${a.key}`, "x-meetergo-api-user-id": b.admin.id }), t.db),
      ),
    ).toBe(403);
    expect(
      await status(
        authenticateApiRequest(req({ authorization: `Bearer ${a.key}`, "x-meetergo-api-user-id": "not-a-uuid" }), t.db),
      ),
    ).toBe(403);
    expect(await status(authenticateApiRequest(req({ authorization: `Bearer ${a.key}` }), t.db))).toBe(400);
  });

  it("stops a revoked key at once", async () => {
    const headers = { authorization: `Bearer ${b.key}`, "x-meetergo-api-user-id": b.admin.id };
    expect(await status(authenticateApiRequest(req(headers), t.db))).toBe(200);
    await revokeApiKey(t.db, b.workspace.id, b.apiKey.id);
    expect(await status(authenticateApiRequest(req(headers), t.db))).toBe(401);
  });

  it("cannot revoke another workspace's key", async () => {
    await expect(revokeApiKey(t.db, b.workspace.id, a.apiKey.id)).rejects.toMatchObject({ status: 404 });
  });
});
