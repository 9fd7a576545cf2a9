/**
 * Each test file gets its own fresh database: an in-memory PGlite, and (when
 * TEST_DATABASE_URL is set) a newly created database on the real PostgreSQL.
 */
import { afterAll, beforeAll } from "vitest";
import { createTempDatabase } from "@/db/temp-database";
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
  const { url, drop } = await createTempDatabase(process.env.TEST_DATABASE_URL!, "baton_t");
  const handle = await openPostgres(url);
  await migrate(handle);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await drop();
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
    get db() {
      return handle!.db;
    },
    get url() {
      return handle!.url;
    },
  };
}
