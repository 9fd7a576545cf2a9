import type { Db, Tx } from "./client";
import { pgErrorCode } from "./errors";

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock detected, serialization failure

/**
 * Runs one transaction, retrying it whole when PostgreSQL aborts it as a deadlock victim or a
 * serialization failure: the transaction rolled back completely, so running it again is safe.
 */
export async function transact<T>(db: Db, body: (tx: Tx) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(body);
    } catch (e) {
      if (attempt >= attempts || !RETRYABLE.has(pgErrorCode(e) ?? "")) throw e;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}
