/**
 * postgres.js 3.4.9: a query that reaches a connection between its socket's 'error' and 'close'
 * events was never settled. The pool keeps a busy connection in its busy queue until 'close', so
 * under load (pipelined prepared statements) new queries are queued on a socket that has already
 * failed; `closed(hadError = true)` skipped the rejection, and the query stayed in the connection's
 * `sent` list: the request hung, and after the reconnect the next session took the stale query for
 * the one being answered, so the connection never became free again (the whole pool wedged once
 * every connection had one). A stale ErrorResponse also failed the first query of the next session.
 * Fixed in patches/postgres+3.4.9.patch (closed() settles every waiting query and forgets the dead
 * session's state); without the patch the late query below never settles and the pool of one never
 * answers again. PostgreSQL only.
 */
import net from "node:net";
import { once } from "node:events";
import postgres from "postgres";
import { describe, expect, it } from "vitest";

const url = process.env.TEST_DATABASE_URL;

/** Resolves to how the promise ended, or "pending" if it has not after `ms`. */
function outcome(p: Promise<unknown>, ms: number): Promise<string> {
  return Promise.race([
    p.then(
      () => "resolved",
      (e: { code?: string }) => `rejected ${e?.code ?? ""}`.trim(),
    ),
    new Promise<string>((r) => setTimeout(() => r("pending"), ms).unref()),
  ]);
}

describe.skipIf(!url)("postgres.js: a query sent between a socket's error and close (PostgreSQL)", () => {
  it.each([true, false])("is rejected, and the pool answers again (prepare: %s)", async (prepare) => {
    const { hostname, port } = new URL(url!);
    const sockets: net.Socket[] = [];
    const sql = postgres(url!, {
      max: 1,
      prepare,
      onnotice: () => {},
      connect_timeout: 3,
      backoff: () => 0.01,
      // Our own sockets, so the test can fail one at a chosen moment (postgres.js's `socket` option,
      // documented in its README but missing from its types).
      ...({
        socket: async () => {
          const s = net.connect(Number(port || 5432), hostname);
          await once(s, "connect");
          sockets.push(s);
          return s;
        },
      } as object),
    });
    try {
      await sql`select ${1}::int as warm`;
      const socket = sockets[0];
      let late: Promise<unknown> | undefined;
      // Registered after postgres.js's own 'error' listener, so it runs once the connection has
      // rejected what it had sent, while the pool still counts the connection as busy.
      socket.on("error", () => {
        late = sql`select ${2}::int as late`.execute();
      });
      const running = sql`select pg_sleep(2)`.execute();
      await new Promise((r) => setTimeout(r, 50));
      socket.destroy(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));

      expect(await outcome(running, 3_000)).toBe("rejected ECONNRESET");
      expect(late).toBeDefined();
      expect(await outcome(late!, 3_000)).toBe("rejected CONNECTION_CLOSED");
      // The next session must neither fail its first query nor wait for an answer to the stale one.
      const [row] = await Promise.race([
        sql`select ${3}::int as again`,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("the pool did not answer within 3 s")), 3_000).unref(),
        ),
      ]);
      expect(row.again).toBe(3);
      expect(sockets.length).toBe(2);
    } finally {
      await sql.end({ timeout: 1 });
      for (const s of sockets) s.destroy();
    }
  });
});
