/**
 * The database handle. Embedded PGlite under `.data/` by default so `npm run dev`
 * needs nothing installed; DATABASE_URL switches to a real PostgreSQL via postgres.js.
 * Both speak the same schema and migrations. The handle is cached on globalThis
 * because Next.js dev reloads modules and PGlite allows one opener per data dir.
 */
import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the database or an open transaction: services accept both. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
}

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

export async function openPglite(dataDir?: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ dataDir, extensions: { btree_gist } });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", close: () => client.close() };
}

export async function openPostgres(url: string, max = Number(process.env.DB_POOL_SIZE ?? 10)): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
}

export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
    await run(handle.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

type Cache = { handle?: Promise<DbHandle> };
const cache = globalThis as unknown as { __batonDb?: Cache };
const store: Cache = (cache.__batonDb ??= {});

/** Opens (once per process) the configured database, migrating PGlite on first use. The demo seed is lib/demo's job (instrumentation.ts). */
export function getDbHandle(): Promise<DbHandle> {
  store.handle ??= (async () => {
    const url = process.env.DATABASE_URL;
    if (url) return openPostgres(url);
    const handle = await openPglite(process.env.PGLITE_DIR ?? path.join(process.cwd(), ".data", "pglite"));
    await migrate(handle);
    return handle;
  })();
  store.handle.catch(() => {
    store.handle = undefined;
  });
  return store.handle;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Tests point the app's handlers at their own database. */
export function setDbHandle(handle: DbHandle | undefined): void {
  store.handle = handle ? Promise.resolve(handle) : undefined;
}
