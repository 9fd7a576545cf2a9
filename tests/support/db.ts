/**
 * Each test file gets its own fresh database: an in-memory PGlite, and (when
 * TEST_DATABASE_URL is set) a newly created database on the real PostgreSQL.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { migrate, openPglite, openPostgres, setDbHandle, type DbHandle } from "@/db/client";

export type DbKind = "pglite" | "postgres";

export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDb extends DbHandle {
  /** Connection string of the fresh database (postgres only), for spawning app processes. */
  url?: string;
}

export async function createTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === "pglite") {
    const handle = await openPglite();
    await migrate(handle);
    return handle;
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `baton_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString());
  await migrate(handle);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * Gives a describe block its own fresh database and points the app's route handlers at it
 * for the block's duration. Register it before the block's own beforeAll hooks.
 */
export function useApiTestDb(kind: DbKind) {
  let handle: TestDb | undefined;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    setDbHandle(handle);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await handle?.close();
  });
  return {
    get db() { return handle!.db; },
    get url() { return handle!.url; },
  };
}
