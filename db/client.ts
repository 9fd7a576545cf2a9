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
  /**
   * Booking writes run on their own small pool (PostgreSQL), so a burst of bookings, each waiting
   * on its queue's row lock, can never take the connections reads and other routes need.
   * PGlite has one connection: there it is `db`.
   */
  bookingDb: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
}

/** Which pool a request runs on: see DbHandle.bookingDb. */
export type PoolName = "main" | "bookings";

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

/**
 * PGlite runs in this process on a single connection: there are no other sessions to wait for
 * locks from, and its single-threaded WebAssembly build has no timer signal to cancel a statement,
 * so the SESSION_TIMEOUTS below apply to PostgreSQL only; the request deadline covers both.
 */
export async function openPglite(dataDir?: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { btree_gist } = await import("@electric-sql/pglite/contrib/btree_gist");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite({ dataDir, extensions: { btree_gist } });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, bookingDb: db, kind: "pglite", close: () => client.close() };
}

/**
 * Server-side limits on every PostgreSQL session (milliseconds), so a held lock, a runaway query or
 * a transaction left open fails on its own instead of holding a connection and every request queued
 * behind it. The lock limit is what turns a queue row locked elsewhere into a quick 503 `busy`.
 */
export const SESSION_TIMEOUTS = {
  statement_timeout: Number(process.env.DB_STATEMENT_TIMEOUT_MS ?? 5_000),
  lock_timeout: Number(process.env.DB_LOCK_TIMEOUT_MS ?? 2_000),
  idle_in_transaction_session_timeout: Number(process.env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? 10_000),
};

/** Connections per process to PostgreSQL (DB_POOL_SIZE, default 10), plus the booking pool's. */
export const POOL_SIZE = Number(process.env.DB_POOL_SIZE ?? 10);
export const BOOKING_POOL_SIZE = Number(process.env.DB_BOOKING_POOL_SIZE ?? 4);

/**
 * Named prepared statements (PostgreSQL only). drizzle asks postgres.js for unnamed statements
 * (`prepare: false`), which costs every parameterized statement two round trips (Parse/Describe,
 * then Bind/Execute) and a parse and plan each time. Prepared, a statement is parsed once per
 * connection and then runs in one round trip. The set stays bounded: only statements with 1 to
 * PREPARE_MAX_PARAMS parameters are prepared (hot paths pass id lists as one array, `= any($1)`,
 * see db/any.ts), and connections are renewed (max_lifetime), which frees their statements.
 * Assumes a direct connection (or PgBouncer >= 1.21 with max_prepared_statements): DB_PREPARED_STATEMENTS=off
 * turns them off. On since postgres.js's closed-socket fix (patches/postgres+3.4.9.patch,
 * tests/faults/postgres-js-closed-socket.test.ts): pipelining prepared statements onto a connection whose
 * socket had failed left queries unsettled and the connection wedged after a backend termination.
 */
export const PREPARED_STATEMENTS = (process.env.DB_PREPARED_STATEMENTS ?? "on") !== "off";
export const PREPARE_MAX_PARAMS = 32;

type Sql = import("postgres").Sql;
type Scope = (inner: Sql) => unknown;

/** The postgres.js client (and the ones of its transactions and savepoints) with the prepare rule above. */
export function preparing(client: Sql): Sql {
  const wrapScope = (args: unknown[]) => {
    const fn = args.pop() as Scope;
    return [...args, (inner: Sql) => fn(preparing(inner))];
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe")
        return (query: string, params: unknown[] = [], options: Record<string, unknown> = {}) =>
          target.unsafe(query, params as never, {
            ...options,
            prepare: params.length > 0 && params.length <= PREPARE_MAX_PARAMS,
          });
      if (prop === "begin" || prop === "savepoint") {
        const open = Reflect.get(target, prop) as (...a: unknown[]) => unknown;
        return (...args: unknown[]) => open(...wrapScope(args));
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export interface PostgresOptions {
  /** Pool size; POOL_SIZE by default. */
  max?: number;
  /** Size of the separate booking pool; BOOKING_POOL_SIZE by default, 0 to book on the main pool. */
  bookingMax?: number;
  /** Migrations and seeding run long statements on purpose: they pass `false`. */
  sessionTimeouts?: boolean;
  /** postgres.js's `debug` hook (connection, query text), called as each statement is sent: the bench times the queue lock with it. */
  debug?: (connection: number, query: string) => void;
  /** Named prepared statements (see PREPARED_STATEMENTS); PREPARED_STATEMENTS by default. */
  prepare?: boolean;
}

export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const open = (max: number) =>
    postgres(url, {
      max,
      onnotice: () => {},
      ...(opts.debug ? { debug: opts.debug } : {}),
      // Dead connections leave the pool instead of waiting for a request to trip over them:
      connect_timeout: 3, // seconds; a server that is down or restarting is reported fast (then 503)
      idle_timeout: 20, // idle connections close, so a terminated idle backend is never reused
      max_lifetime: 30 * 60, // connections are renewed now and then (randomized by postgres.js)
      keep_alive: 15, // TCP keepalive notices a peer that vanished without closing the socket
      // Reconnect delay (seconds) after failed attempts. postgres.js grows it to 20 s (3^n / 100), so
      // after a restart with many failed attempts a query could wait that long for its connection;
      // capped at 1 s (with jitter) the pool is back within a second of the server.
      backoff: (attempt: number) => Math.min(1, 0.05 * 2 ** attempt) * (0.5 + Math.random() / 2),
      connection: {
        application_name: "baton",
        ...(opts.sessionTimeouts === false
          ? { statement_timeout: 0, lock_timeout: 0, idle_in_transaction_session_timeout: 0 }
          : SESSION_TIMEOUTS),
      },
    });
  const client = open(opts.max ?? POOL_SIZE);
  const bookingMax = opts.bookingMax ?? BOOKING_POOL_SIZE;
  const bookingClient = bookingMax > 0 ? open(bookingMax) : client;
  const wrap = (c: Sql) => ((opts.prepare ?? PREPARED_STATEMENTS) ? preparing(c) : c);
  const db = drizzle(wrap(client), { schema }) as unknown as Db;
  const bookingDb = bookingClient === client ? db : (drizzle(wrap(bookingClient), { schema }) as unknown as Db);
  return {
    db,
    bookingDb,
    kind: "postgres",
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), bookingClient !== client && bookingClient.end({ timeout: 5 })]);
    },
  };
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

export async function getDb(pool: PoolName = "main"): Promise<Db> {
  const handle = await getDbHandle();
  return pool === "bookings" ? handle.bookingDb : handle.db;
}

/** Tests point the app's handlers at their own database. */
export function setDbHandle(handle: DbHandle | undefined): void {
  store.handle = handle ? Promise.resolve(handle) : undefined;
}
