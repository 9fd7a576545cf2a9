/**
 * Sign-in (issue 13): throttled per email and per client in the database, shared by every app
 * instance; over the limit the credentials callback answers 429 with Retry-After without
 * checking the password; known and unknown emails take the same time.
 */
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { openPostgres, type Db } from "@/db/client";
import { addUser } from "@/lib/people/manage-users";
import { authOptions } from "@/lib/auth/options";
import {
  SIGN_IN_LIMITS,
  SIGN_IN_WINDOW_MINUTES,
  countSignInAttempt,
  forgetSignInAttempts,
} from "@/lib/auth/sign-in-throttle";
import { hashPassword } from "@/lib/auth/password";
import { call } from "@/tests/support/app-router";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { apiWorkspace } from "@/tests/support/fixtures";

let n = 0;
const fresh = () => ({ email: `guess-${++n}-${Date.now()}@x.test`, client: `10.0.${n}.1` });

describe.each(dbKinds())("sign-in throttling on %s", (kind) => {
  const t = useApiTestDb(kind);
  /** A second "instance": its own connection pool on the same database (PGlite has one process). */
  let other: Db;
  beforeAll(async () => {
    other = t.url ? (await openPostgres(t.url)).db : t.db;
  });

  it("allows the email's limit of attempts, then refuses for the rest of the window", async () => {
    const s = fresh();
    for (let i = 0; i < SIGN_IN_LIMITS.email; i++)
      expect((await countSignInAttempt(i % 2 ? other : t.db, s)).retryAfterSeconds).toBeNull();
    const refused = await countSignInAttempt(t.db, s);
    expect(refused.retryAfterSeconds).toBeGreaterThan(SIGN_IN_WINDOW_MINUTES * 60 - 30);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_WINDOW_MINUTES * 60);
    // Same client, another email: still allowed (the client's budget is larger).
    expect((await countSignInAttempt(t.db, { ...s, email: "someone-else@x.test" })).retryAfterSeconds).toBeNull();
  });

  it("counts a burst of 40 parallel attempts over two instances exactly: only the limit gets through", async () => {
    const s = fresh();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => countSignInAttempt(i % 2 ? other : t.db, s)),
    );
    expect(results.filter((r) => r.retryAfterSeconds === null)).toHaveLength(SIGN_IN_LIMITS.email);
  });

  it("limits one client spraying many emails", async () => {
    const client = fresh().client;
    let allowed = 0;
    for (let i = 0; i < SIGN_IN_LIMITS.client + 5; i++)
      if ((await countSignInAttempt(t.db, { email: `spray-${i}-${n}@x.test`, client })).retryAfterSeconds === null)
        allowed++;
    expect(allowed).toBe(SIGN_IN_LIMITS.client);
  });

  it("forgets an email's failures after a successful sign-in and refunds the client's attempt", async () => {
    const s = fresh();
    for (let i = 0; i < SIGN_IN_LIMITS.email; i++) await countSignInAttempt(t.db, s);
    await forgetSignInAttempts(t.db, s);
    for (let i = 0; i < SIGN_IN_LIMITS.email; i++)
      expect((await countSignInAttempt(t.db, s)).retryAfterSeconds).toBeNull();
  });

  it("answers the credentials callback over the limit with 429, Retry-After and next-auth's url", async () => {
    const s = fresh();
    const post = () =>
      call("POST", "/api/auth/callback/credentials", {
        rawBody: new URLSearchParams({ email: s.email, password: "wrong-password", json: "true" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": s.client },
      });
    // Earlier failures, counted on another instance (next-auth itself needs a real Next.js request scope).
    for (let i = 0; i < SIGN_IN_LIMITS.email; i++) await countSignInAttempt(other, s);
    const res = await post();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await res.json()) as { url: string; error: { code: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(new URL(body.url).searchParams.get("error")).toBe("TooManyAttempts");
  });

  it("takes as long for an unknown email as for a known one", async () => {
    // The production cost, so that bcrypt (not database noise) is what is being compared.
    process.env.BATON_BCRYPT_ROUNDS = "10";
    onTestFinished(() => void delete process.env.BATON_BCRYPT_ROUNDS);
    const ws = await apiWorkspace(t.db);
    const email = `timing-${n}@x.test`;
    const user = await addUser(t.db, { workspaceId: ws.workspace.id, name: "Tim", email, timeZone: "UTC" });
    expect(user.id).toBeTruthy();
    const { users } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    await t.db
      .update(users)
      .set({ passwordHash: await hashPassword("right-password") })
      .where(eq(users.id, user.id));
    const provider = authOptions.providers[0] as unknown as {
      options: { authorize: (c: Record<string, string>, req: unknown) => Promise<unknown> };
    };
    const authorize = provider.options.authorize;
    expect(await authorize({ email, password: "right-password" }, {})).toMatchObject({ id: user.id });
    const time = async (who: string) => {
      const start = performance.now();
      expect(await authorize({ email: who, password: "wrong-password" }, {})).toBeNull();
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // 21 interleaved pairs: with 9, the other vitest worker's load moved one median enough to fail (1.27).
    for (let i = 0; i < 21; i++) {
      known.push(await time(email));
      unknown.push(await time(`nobody-${i}@x.test`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `[sign-in timing:${kind}] known ${median(known).toFixed(2)} ms, unknown ${median(unknown).toFixed(2)} ms`,
    );
    // Equal within a third either way; the leak this guards against was 86 ms against 11 ms (a ratio of 0.13).
    expect(median(unknown) / median(known)).toBeGreaterThan(0.75);
    expect(median(unknown) / median(known)).toBeLessThan(1.33);
  });
});
