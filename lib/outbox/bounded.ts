import { sql } from "drizzle-orm";
import type { DbHandle, Tx } from "@/db/client";

/**
 * A transaction whose statements and lock waits are bounded, so a background worker can never hang
 * on a stuck lock or a runaway query. PGlite runs one statement at a time in-process and has no
 * timers for these settings, so they apply to PostgreSQL only.
 */
export async function boundedTransaction<T>(
  handle: Pick<DbHandle, "db" | "kind">,
  body: (tx: Tx) => Promise<T>,
  { statementMs = 5_000, lockMs = 2_000 }: { statementMs?: number; lockMs?: number } = {},
): Promise<T> {
  return handle.db.transaction(async (tx) => {
    if (handle.kind === "postgres") {
      await tx.execute(sql.raw(`set local statement_timeout = ${Math.round(statementMs)}`));
      await tx.execute(sql.raw(`set local lock_timeout = ${Math.round(lockMs)}`));
    }
    return body(tx);
  });
}
