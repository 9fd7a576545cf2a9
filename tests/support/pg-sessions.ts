/**
 * Other PostgreSQL sessions for tests that race the app against them: one that holds a transaction
 * open (a row lock, an uncommitted insert) until told to commit, and one that watches pg_stat_activity.
 */
import { afterAll, beforeAll } from "vitest";
import postgres from "postgres";

export function usePgSessions(url: () => string) {
  let other: postgres.Sql;
  let watcher: postgres.Sql;
  beforeAll(() => {
    other = postgres(url(), { max: 2, onnotice: () => {} });
    watcher = postgres(url(), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await Promise.all([other.end(), watcher.end()]);
  });
  return {
    /** A connection for the test's own reads. */
    watcher: () => watcher,
    /** Until a session of this database waits on a lock. */
    async someoneWaits() {
      for (let i = 0; i < 200; i++) {
        const [r] = await watcher`select count(*)::int n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`;
        if (r.n > 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error("no session waited on a lock");
    },
    /** Runs `body` in a transaction of another session, which stays open until `commit` is called. */
    holdOpen(body: (tx: postgres.TransactionSql) => Promise<unknown>) {
      let ready!: () => void;
      const isReady = new Promise<void>((r) => (ready = r));
      let finish!: () => void;
      const finished = new Promise<void>((r) => (finish = r));
      const committed = other.begin(async (tx) => {
        await body(tx);
        ready();
        await finished;
      });
      return {
        /** Resolves once `body` has run (its locks are held). */
        isReady,
        commit: () => {
          finish();
          return committed;
        },
      };
    },
  };
}
