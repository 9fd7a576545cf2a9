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
import { buildWorkload, freshDatabase } from "./support/fixture";
import { percentile } from "./support/load";
import { bookingAvailability } from "@/lib/bookings/get-booking-availability";
import { loadUseCaseContext } from "@/lib/context";

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

export interface CalendarAvailabilityBench {
  members: number;
  busyIntervalsPerMember: number;
  requests: number;
  p50None: number;
  p50Calendars: number;
  /** p50Calendars / p50None - 1 (the issue allows 0.2). */
  slower: number;
  /** Host × slot pairs offered for the week: calendar busy time must remove some. */
  offeredNone: number;
  offeredCalendars: number;
}

/**
 * booking-availability for a week, 50-member queue with 20,000 bookings, twice in one database:
 * a queue whose members all have a synced calendar (the cache as two years of recurring events
 * leave it: daily, 8 weekly, monthly and one-off events over the 180-day window) and an identical
 * queue without calendars. Requests alternate between the two, so both see the same conditions.
 */
export async function benchCalendarAvailability(requests = 60): Promise<CalendarAvailabilityBench> {
  const { url, drop } = await freshDatabase("baton_bench_calav");
  const members = 50;
  try {
    const withCal = await buildWorkload(url, { members, existing: 20_000 });
    const none = await buildWorkload(url, { members, existing: 20_000 });
    const db = withCal.handle.db;
    // One connection per member and its cached busy time, as a sync of eventsFor() leaves it.
    await db.execute(sql`
      insert into calendar_connections (workspace_id, user_id, kind, url, secret_sealed, last_synced_at)
      select ${withCal.workspaceId}::uuid, u, 'ics', 'https://calendar.bench/…', 'v1.x.y', now()
      from unnest(${`{${withCal.memberIds.join(",")}}`}::uuid[]) u`);
    await db.execute(sql`
      insert into calendar_busy_intervals (connection_id, user_id, calendar_url, resource_url, uid, starts_at, ends_at)
      select c.id, c.user_id, 'feed', 'feed', e.uid, e.s, e.s + e.len
      from calendar_connections c
      cross join lateral (
        select 'daily-' || d as uid, date_trunc('day', now()) + d * interval '1 day' + interval '7 hours' as s, interval '15 minutes' as len
        from generate_series(-1, 180) d
        union all
        select 'weekly-' || k || '-' || w, date_trunc('week', now()) + w * interval '1 week' + (k % 5) * interval '1 day' + (8 + k) * interval '1 hour', interval '45 minutes'
        from generate_series(0, 7) k, generate_series(0, 26) w
        union all
        select 'monthly-' || m, date_trunc('month', now()) + m * interval '1 month' + interval '13 hours', interval '2 hours'
        from generate_series(0, 6) m
        union all
        select 'single-' || k, date_trunc('day', now()) + (k * 4) * interval '1 day' + (10 + k % 6) * interval '1 hour', interval '1 hour'
        from generate_series(0, 19) k
      ) e
      where c.workspace_id = ${withCal.workspaceId}::uuid`);
    await db.execute(sql`analyze calendar_connections, calendar_busy_intervals`); // as autovacuum would have
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(calendarBusyIntervals);
    const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    // Contexts built once, outside the timed requests (apiRoute builds one per request).
    const contexts = new Map([
      [withCal, await loadUseCaseContext(db, withCal.workspaceId, withCal.adminId)],
      [none, await loadUseCaseContext(db, none.workspaceId, none.adminId)],
    ]);
    const ask = (w: typeof withCal) =>
      bookingAvailability(contexts.get(w)!, {
        meetingTypeId: w.meetingTypeId,
        start: from,
        end: to,
        queueId: w.queueId,
      });
    for (let i = 0; i < 5; i++) await Promise.all([ask(withCal), ask(none)]); // warm up
    // Proof the calendars count: host × slot pairs offered with and without them.
    const offered = async (w: typeof withCal) =>
      (await ask(w)).availableSlots.reduce((sum, x) => sum + x.availableHosts, 0);
    const [offeredCalendars, offeredNone] = [await offered(withCal), await offered(none)];
    const t = { none: [] as number[], cal: [] as number[] };
    for (let i = 0; i < requests; i++) {
      for (const [w, list] of i % 2
        ? ([
            [none, t.none],
            [withCal, t.cal],
          ] as const)
        : ([
            [withCal, t.cal],
            [none, t.none],
          ] as const)) {
        const started = performance.now();
        await ask(w);
        list.push(performance.now() - started);
      }
    }
    t.none.sort((a, b) => a - b);
    t.cal.sort((a, b) => a - b);
    const p50None = percentile(t.none, 50);
    const p50Calendars = percentile(t.cal, 50);
    await withCal.handle.close();
    await none.handle.close();
    return {
      members,
      busyIntervalsPerMember: Math.round(n / members),
      requests,
      p50None,
      p50Calendars,
      slower: p50Calendars / p50None - 1,
      offeredNone,
      offeredCalendars,
    };
  } finally {
    await drop();
  }
}

const isMain =
  typeof process !== "undefined" && process.argv[1] !== undefined && /bench[\\/]calendars\.ts$/.test(process.argv[1]);
if (isMain) {
  const parts = process.argv.slice(2);
  const want = (name: string) => parts.length === 0 || parts.includes(name);
  (async () => {
    if (want("availability")) {
      const a = await benchCalendarAvailability();
      console.log(
        `booking-availability (one week, ${a.members} hosts, ${a.busyIntervalsPerMember} cached busy intervals each): ` +
          `p50 ${a.p50Calendars.toFixed(1)} ms with calendars vs ${a.p50None.toFixed(1)} ms without ` +
          `(${(a.slower * 100).toFixed(1)}% slower; limit 20%); host-slots offered ${a.offeredCalendars} vs ${a.offeredNone}`,
      );
    }
    if (want("sync")) {
      const c = await benchCalendars();
      console.log(
        `sync of ${c.calendars} CalDAV calendars × ${c.eventsPerCalendar} events (2 years of recurrences): ` +
          `first full ${c.fullSeconds.toFixed(2)} s (${c.intervals} intervals), nothing changed ${c.unchangedSeconds.toFixed(2)} s, ` +
          `5 changed ${c.fiveChangedSeconds.toFixed(2)} s`,
      );
    }
  })().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
