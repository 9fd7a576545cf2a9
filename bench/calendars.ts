/**
 * Calendar sync: 50 people's CalDAV calendars in a real Radicale, each with two years of recurring
 * events (weekly, daily with exceptions, monthly, in New York and Berlin time) plus one-off events,
 * synced into the cache by two refresher instances on one PostgreSQL. Measures the first (full)
 * sync, a round where nothing changed (ctag / sync-token only) and one where 5 calendars changed.
 */
import { sql } from "drizzle-orm";
import { migrate, openPostgres } from "@/db/client";
import { calendarBusyIntervals, users, workspaces } from "@/db/schema";
import { putEvent } from "@/lib/calendars/caldav-client";
import { connectCalendar } from "@/lib/calendars/connect-calendar";
import { refreshDueCalendars } from "@/lib/calendars/refresh-calendars";
import { SYNC_EVERY_MS } from "@/lib/calendars/sync-policy";
import { NEW_YORK_VTIMEZONE, vcalendar, vevent } from "@/lib/calendars/testkit";
import { radicaleMissing, startRadicale } from "@/tests/support/radicale-server";
import { freshDatabase } from "./support/fixture";

const CALENDARS = 50;

export interface CalendarBench {
  calendars: number;
  eventsPerCalendar: number;
  intervals: number;
  fullSeconds: number;
  unchangedSeconds: number;
  fiveChangedSeconds: number;
}

const stamp = (d: Date) => d.toISOString().slice(0, 19).replace(/[-:]/g, "");

function eventsFor(i: number, now: Date): Array<{ uid: string; ics: string }> {
  const twoYearsAgo = new Date(now.getTime() - 730 * 86_400_000);
  const day = stamp(twoYearsAgo).slice(0, 8);
  const out: Array<{ uid: string; ics: string }> = [];
  const weekdays = ["MO", "TU", "WE", "TH", "FR"];
  for (let k = 0; k < 8; k++) {
    const ny = k % 2 === 0;
    const hour = String(8 + k).padStart(2, "0");
    const tz = ny ? "America/New_York" : "Europe/Berlin";
    const uid = `weekly-${i}-${k}`;
    out.push({
      uid,
      ics: vcalendar(
        ny ? NEW_YORK_VTIMEZONE : [],
        vevent([
          `UID:${uid}`,
          `DTSTART;TZID=${tz}:${day}T${hour}0000`,
          `DTEND;TZID=${tz}:${day}T${hour}4500`,
          `RRULE:FREQ=WEEKLY;BYDAY=${weekdays[k % 5]}`,
        ]),
      ),
    });
  }
  const exdates = Array.from(
    { length: 20 },
    (_, n) => `${stamp(new Date(twoYearsAgo.getTime() + (n * 7 + 3) * 86_400_000)).slice(0, 8)}T070000Z`,
  );
  out.push({
    uid: `daily-${i}`,
    ics: vcalendar(
      vevent([
        `UID:daily-${i}`,
        `DTSTART:${day}T070000Z`,
        "DURATION:PT15M",
        "RRULE:FREQ=DAILY",
        `EXDATE:${exdates.join(",")}`,
      ]),
    ),
  });
  out.push({
    uid: `monthly-${i}`,
    ics: vcalendar(
      vevent([`UID:monthly-${i}`, `DTSTART:${day}T130000Z`, "DURATION:PT2H", "RRULE:FREQ=MONTHLY;BYDAY=1FR"]),
    ),
  });
  for (let k = 0; k < 20; k++) {
    const start = new Date(now.getTime() + (k * 4 + (i % 4)) * 86_400_000);
    start.setUTCHours(10 + (k % 6), 0, 0, 0);
    out.push({
      uid: `single-${i}-${k}`,
      ics: vcalendar(
        vevent([
          `UID:single-${i}-${k}`,
          `DTSTART:${stamp(start)}Z`,
          `DTEND:${stamp(new Date(start.getTime() + 3_600_000))}Z`,
        ]),
      ),
    });
  }
  return out;
}

async function inBatches<T>(items: T[], size: number, body: (item: T) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(body));
}

export async function benchCalendars(): Promise<CalendarBench> {
  const missing = radicaleMissing();
  if (missing) throw new Error(missing);
  const radicale = await startRadicale({
    users: Array.from({ length: CALENDARS }, (_, i) => ({ username: `p${i}`, password: `app-password-${i}` })),
  });
  const { url, drop } = await freshDatabase("baton_bench_cal");
  const a = await openPostgres(url, { max: 4 });
  const b = await openPostgres(url, { max: 4 });
  try {
    await migrate(a);
    const now = new Date();
    const accounts = radicale.users.map((u) => ({
      serverUrl: radicale.url,
      username: u.username,
      password: u.password,
    }));
    const calendarUrls: string[] = [];
    for (const u of radicale.users) calendarUrls.push(await radicale.createCalendar(u, "work"));
    const perCalendar = eventsFor(0, now).length;
    await inBatches(
      accounts.map((acc, i) => ({ acc, i })),
      4,
      async ({ acc, i }) => {
        for (const e of eventsFor(i, now))
          await putEvent(acc, { calendarUrl: calendarUrls[i], uid: e.uid, ics: e.ics });
      },
    );

    const [ws] = await a.db
      .insert(workspaces)
      .values({ name: "Bench calendars", timeZone: "Europe/Berlin" })
      .returning();
    const people = await a.db
      .insert(users)
      .values(
        accounts.map((acc, i) => ({
          workspaceId: ws.id,
          name: `Person ${i}`,
          email: `${acc.username}@calendars.bench`,
          timeZone: i % 2 ? "Europe/Berlin" : "America/New_York",
        })),
      )
      .returning();
    for (const [i, p] of people.entries())
      await connectCalendar({
        db: a.db,
        workspaceId: ws.id,
        userId: p.id,
        input: { kind: "caldav", ...accounts[i] },
        now,
      });

    /** Two instances drain everything due at `at`; returns seconds. */
    const round = async (at: Date) => {
      const started = performance.now();
      await Promise.all(
        [a.db, b.db].map(async (db, n) => {
          for (;;) {
            const outcomes = await refreshDueCalendars({ db, owner: `bench-${n}`, batch: 5, now: at });
            for (const o of outcomes.values())
              if (o.status !== "synced") throw new Error(`sync failed: ${JSON.stringify(o)}`);
            if (outcomes.size === 0) return;
          }
        }),
      );
      return (performance.now() - started) / 1000;
    };

    const fullSeconds = await round(now);
    const [{ n: intervals }] = await a.db.select({ n: sql<number>`count(*)::int` }).from(calendarBusyIntervals);
    const unchangedSeconds = await round(new Date(now.getTime() + SYNC_EVERY_MS + 1));
    for (let i = 0; i < 5; i++) {
      const start = new Date(now.getTime() + 3 * 86_400_000);
      await putEvent(accounts[i], {
        calendarUrl: calendarUrls[i],
        uid: `changed-${i}`,
        ics: vcalendar(vevent([`UID:changed-${i}`, `DTSTART:${stamp(start)}Z`, "DURATION:PT1H"])),
      });
    }
    const fiveChangedSeconds = await round(new Date(now.getTime() + 2 * SYNC_EVERY_MS + 2));
    return {
      calendars: CALENDARS,
      eventsPerCalendar: perCalendar,
      intervals,
      fullSeconds,
      unchangedSeconds,
      fiveChangedSeconds,
    };
  } finally {
    await a.close();
    await b.close();
    await drop();
    await radicale.close();
  }
}
