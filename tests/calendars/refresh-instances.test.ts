/**
 * Several app instances run the refresher against one database: every due calendar is synced
 * exactly once per round. On PostgreSQL each instance has its own connection pool.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { startHttpServer, type TestHttpServer } from "@/tests/support/http-server";
import { openPostgres, type Db, type DbHandle } from "@/db/client";
import { calendarBusyIntervals, users, workspaces } from "@/db/schema";
import { connectCalendar } from "@/lib/calendars/connect-calendar";
import { refreshDueCalendars } from "@/lib/calendars/refresh-calendars";
import { vcalendar, vevent } from "@/lib/calendars/testkit";

const NOW = new Date("2026-02-20T12:00:00Z");
const CALENDARS = 12;

describe.each(dbKinds())("refresher on several instances, %s", (kind) => {
  let t: TestDb;
  let server: TestHttpServer;
  const extra: DbHandle[] = [];
  let fetches = 0;

  beforeAll(async () => {
    t = await createTestDb(kind);
    server = await startHttpServer((req, res) => {
      fetches++;
      const n = Number(req.url?.match(/\d+/)?.[0]);
      // Slow enough that the instances' passes overlap.
      setTimeout(
        () =>
          res
            .writeHead(200, { "content-type": "text/calendar" })
            .end(
              vcalendar(
                vevent([`UID:e${n}`, `DTSTART:202603${String(n + 1).padStart(2, "0")}T090000Z`, "DURATION:PT1H"]),
              ),
            ),
        40,
      );
    });
    const [ws] = await t.db.insert(workspaces).values({ name: "W" }).returning();
    const people = await t.db
      .insert(users)
      .values(
        Array.from({ length: CALENDARS }, (_, i) => ({
          workspaceId: ws.id,
          name: `P${i}`,
          email: `p${i}-${kind}@x.test`,
        })),
      )
      .returning();
    for (const [i, p] of people.entries())
      await connectCalendar({
        db: t.db,
        workspaceId: ws.id,
        userId: p.id,
        input: { kind: "ics", url: `${server.url}/feed-${i}.ics` },
        now: NOW,
      });
    fetches = 0;
  });
  afterAll(async () => {
    for (const h of extra) await h.close();
    await server?.close();
    await t?.close();
  });

  it("syncs each due calendar exactly once across three instances", async () => {
    const dbs: Db[] = [t.db];
    if (kind === "postgres") for (let i = 0; i < 2; i++) extra.push(await openPostgres(t.url!, { max: 3 }));
    dbs.push(...extra.map((h) => h.db));
    while (dbs.length < 3) dbs.push(t.db);

    const synced: string[] = [];
    await Promise.all(
      dbs.map(async (db, i) => {
        for (;;) {
          const outcomes = await refreshDueCalendars({ db, owner: `instance-${i}`, batch: 2, now: NOW });
          if (outcomes.size === 0) break;
          for (const [id, o] of outcomes) if (o.status === "synced") synced.push(id);
        }
      }),
    );
    expect(synced).toHaveLength(CALENDARS);
    expect(new Set(synced).size).toBe(CALENDARS);
    expect(fetches).toBe(CALENDARS);
    const [{ n }] = await t.db.select({ n: sql<number>`count(*)::int` }).from(calendarBusyIntervals);
    expect(n).toBe(CALENDARS);
  });
});
