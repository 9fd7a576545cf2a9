/**
 * The busy-bookings read (lib/people/load-people-availability.ts): the same busy time as a brute-force
 * recount of every booking, read through bookings_no_overlap's GiST index (also as a prepared statement's
 * generic plan), with a cost that does not grow with the hosts' history.
 */
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { busyBookingsQuery, loadPeopleAvailability } from "@/lib/people/load-people-availability";
import { bufferedBusy, mergeIntervals, type Buffers } from "@/lib/slots";
import type { Interval } from "@/lib/routing";
import type { Db } from "@/db/client";
import type { PeopleSet } from "@/db/people-set";
import { rowsOf } from "@/db/rows";
import { blocksRead, explainGeneric, nodes } from "@/tests/support/explain";
import { team } from "./_team";

const H = 3_600_000;
const WINDOW = Date.parse("2030-03-04T00:00:00Z");

/** EXPLAIN of the app's own statement, as its prepared statement's generic plan. */
function explain(db: Db, hostIds: PeopleSet, range: Interval, placing: Buffers, analyze: boolean) {
  return explainGeneric(db, busyBookingsQuery(db, { hostIds, range, placing }).toSQL(), { analyze });
}

describe.each(dbKinds())("busy bookings through the overlap index on %s", (kind) => {
  const t = useApiTestDb(kind);
  let c: Awaited<ReturnType<typeof team>>;
  let hostIds: string[];
  let history = 0;
  /** The people in both forms the app selects them: listed, and as the queue's members (the routed booking's). */
  const forms = ["listed", "queue members"] as const;
  const setOf = (form: (typeof forms)[number]): PeopleSet =>
    form === "listed" ? hostIds : { queueMembersOf: c.queue.id };

  /** `n` more past bookings, spread over the three reps, each older than the last (buffered ranges never meet). */
  async function addHistory(n: number) {
    await t.db.execute(sql`
      insert into bookings (workspace_id, meeting_type_id, host_id, queue_id, starts_at, ends_at, attendee_email, attendee_name, status)
      select ${c.workspace.id}::uuid, ${c.meetingType.id}::uuid, (${`{${hostIds.join(",")}}`}::uuid[])[1 + (g % 3)], ${c.queue.id}::uuid,
             timestamptz '2029-01-01T00:00:00Z' - (g / 3) * interval '2 hours',
             timestamptz '2029-01-01T00:00:00Z' - (g / 3) * interval '2 hours' + interval '30 minutes',
             'h' || g || '@client.test', 'History', case when g % 7 = 0 then 'cancelled' else 'confirmed' end::booking_status
      from generate_series(${history}::int, ${history + n - 1}::int) g`);
    history += n;
    await t.db.execute(sql`analyze bookings`);
  }

  beforeAll(async () => {
    c = await team(t.db, { weights: [1, 1, 1], bufferBeforeMinutes: 15, bufferAfterMinutes: 30 });
    hostIds = c.reps.map((r) => r.id);
    // Bookings around the window: one per rep and 100 minutes, some cancelled, as the API makes them.
    for (let i = 0; i < 60; i++) {
      const r = await c.book(new Date(WINDOW + i * 100 * 60_000), { hostIds: [hostIds[i % 3]] });
      expect(r.status).toBe(201);
      if (i % 5 === 0) {
        const { id } = (await r.json()) as { id: string };
        expect((await c.client.post(`/v4/booking/${id}/cancel`, {})).status).toBe(200);
      }
    }
    await addHistory(3_000);
  });

  it.each(forms)(
    "property (%s): the busy time inside the range equals a recount of every confirmed booking",
    async (form) => {
      const all = rowsOf<Record<string, unknown>>(
        await t.db.execute(sql`
        select host_id, starts_at, ends_at, buffer_before_minutes, buffer_after_minutes
        from bookings where status = 'confirmed'`),
      ).map((r) => ({
        hostId: String(r.host_id),
        start: new Date(r.starts_at as string).getTime(),
        end: new Date(r.ends_at as string).getTime(),
        bufferBeforeMinutes: Number(r.buffer_before_minutes),
        bufferAfterMinutes: Number(r.buffer_after_minutes),
      }));
      const clip = (list: Interval[], r: Interval) =>
        list
          .map((iv) => ({ start: Math.max(iv.start, r.start), end: Math.min(iv.end, r.end) }))
          .filter((iv) => iv.end > iv.start);
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -6 * 60, max: 110 * 60 }),
          fc.integer({ min: 1, max: 12 * 60 }),
          fc.constantFrom(0, 15, 240),
          fc.constantFrom(0, 30, 240),
          async (fromMin, lengthMin, before, after) => {
            const range = { start: WINDOW + fromMin * 60_000, end: WINDOW + (fromMin + lengthMin) * 60_000 };
            const placing = { bufferBeforeMinutes: before, bufferAfterMinutes: after };
            const people = hostIds.map((id) => ({ id, timeZone: "UTC" }));
            const got = await loadPeopleAvailability(t.db, {
              people: form === "listed" ? people : { queueId: c.queue.id, members: Promise.resolve(people) },
              range,
              placing,
              workingHours: false,
            });
            for (const id of hostIds) {
              const expected = mergeIntervals(
                bufferedBusy(
                  all.filter((b) => b.hostId === id),
                  placing,
                ),
              );
              expect(clip(got.get(id)!.busy, range)).toEqual(clip(expected, range));
            }
          },
        ),
        { numRuns: 30 },
      );
    },
  );

  it.each(forms)("(%s) is answered by bookings_no_overlap's GiST index, also as a generic plan", async (form) => {
    const plan = await explain(
      t.db,
      setOf(form),
      { start: WINDOW, end: WINDOW + 7 * 24 * H },
      { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 },
      false,
    );
    const all = nodes(plan);
    expect(all.some((n) => n["Index Name"] === "bookings_no_overlap")).toBe(true);
    expect(all.some((n) => n["Node Type"] === "Seq Scan")).toBe(false);
  });

  it("reads about as many buffers with 10x the history: a few pages more, never the history itself", async () => {
    const range = { start: WINDOW + 24 * H, end: WINDOW + 48 * H };
    const placing = { bufferBeforeMinutes: 15, bufferAfterMinutes: 30 };
    const blocks = async (form: (typeof forms)[number]) => {
      return blocksRead(await explain(t.db, setOf(form), range, placing, true));
    };
    const small = await Promise.all(forms.map(blocks));
    await addHistory(27_000);
    const large = await Promise.all(forms.map(blocks));
    expect(history).toBe(30_000);
    // A handful of pages: the GiST is a level deeper for each host's descent, and pages of a bulk-loaded
    // GiST overlap more (CI under parallel load saw 4 → 9). A scan of each host's history reads hundreds
    // (the query before the overlap index: 2,092 buffers at 20k bookings), and the table is that big:
    const [{ pages }] = rowsOf(await t.db.execute(sql`select (pg_relation_size('bookings') / 8192)::int as pages`)) as {
      pages: number;
    }[];
    expect(pages).toBeGreaterThan(200);
    // Selecting a queue's members reads its few queue_members pages more, once.
    for (const i of forms.keys()) expect(large[i]).toBeLessThanOrEqual(Math.ceil(small[i] * 1.2) + 8);
  });
});
