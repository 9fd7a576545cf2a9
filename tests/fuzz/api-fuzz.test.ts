/**
 * Bad input over every /v4 route (and the spec's non-/v4 exception path): wrong types, missing
 * fields, huge strings and arrays, invalid UUIDs and dates, broken JSON, wrong content types and
 * other workspaces' real ids. Never a 500, always the error envelope on 4xx, nothing changed by a
 * refused request, and no other workspace's data in any answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { setDbHandle } from "@/db/client";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { discoverRoutes } from "@/tests/support/app-router";
import { errorEnvelopeSchema } from "@/lib/http/envelope";
import { at, team } from "@/tests/api/_team";

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const TABLES = [
  "bookings",
  "queue_members",
  "queue_groups",
  "queue_group_members",
  "availability_exceptions",
  "queue_member_stats",
  "queues",
  "users",
  "events",
];
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"] as const;
export let fuzzCases = 0;

async function digest(db: TestDb["db"]): Promise<string> {
  const parts = TABLES.map((t) => `(select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from ${t} x)`);
  const res = await db.execute(sql.raw(`select concat_ws('|', ${parts.join(", ")}) as d`));
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { d: string }[];
  return rows[0].d;
}

describe.each(dbKinds())("fuzzing every route on %s", (kind) => {
  let t: TestDb;
  let a: Awaited<ReturnType<typeof team>>;
  let b: Awaited<ReturnType<typeof team>>;
  let foreignIds: string[] = [];
  let ownIds: string[] = [];
  const routes = discoverRoutes().filter(
    (r) => r.pattern.startsWith("/v4") || r.pattern.startsWith("/availability-exception"),
  );

  beforeAll(async () => {
    t = await createTestDb(kind);
    setDbHandle(t);
    a = await team(t.db, { weights: [2, 1] });
    b = await team(t.db, { weights: [1, 1] });
    const bBooking = await (await b.book(at(10))).json();
    const aBooking = await (await a.book(at(10))).json();
    const bGroup = await (
      await b.client.post("/v4/queue-user-group", {
        name: "B tier",
        queueId: b.queue.id,
        userIds: [b.reps[0].id],
        priority: 1,
      })
    ).json();
    const bExc = await (
      await b.client.post("/v4/availability-exception/user", {
        startDate: "2031-01-01",
        endDate: "2031-01-02",
        isAvailable: false,
        name: "Away",
      })
    ).json();
    foreignIds = [
      b.workspace.id,
      b.queue.id,
      b.meetingType.id,
      b.reps[0].id,
      b.admin.id,
      bBooking.id,
      bGroup.id,
      bExc.id,
    ].filter(Boolean);
    ownIds = [a.workspace.id, a.queue.id, a.meetingType.id, a.reps[0].id, aBooking.id];
    expect(foreignIds).toHaveLength(8);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await t?.close();
    console.log(`[fuzz:${kind}] ${fuzzCases} cases over ${routes.length} routes`);
  });

  const idArb = () =>
    fc.oneof(
      fc.constantFrom(...foreignIds),
      fc.constantFrom(...ownIds),
      fc.uuid(),
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        "",
        "null",
        "undefined",
        "1",
        "-1",
        "00000000-0000-0000-0000-000000000000",
        "%00",
        "' or 1=1 --",
        "../../etc/passwd",
        "a".repeat(5000),
      ),
    );
  const scalar = () =>
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(
        "2024-13-45",
        "2024-01-15T25:61:00Z",
        "not-a-date",
        "2030-01-07",
        "2030-01-07T10:00:00Z",
        "1e309",
        "-5",
        "a\u0000b",
        "0000-01-01T00:00:00Z",
        "0099-03-01",
        "9999-12-30",
        "9999-12-28T10:00:00Z",
        "+275760-09-13T00:00:00Z",
      ),
      fc.constantFrom(...foreignIds),
      fc.uuid(),
      fc.string({ minLength: 10_000, maxLength: 10_001 }),
    );
  const bodyArb = () =>
    fc.oneof(
      fc.anything(),
      fc.dictionary(
        fc.constantFrom(
          "meetingTypeId",
          "start",
          "end",
          "hostIds",
          "attendee",
          "users",
          "userIds",
          "queueId",
          "name",
          "priority",
          "appointmentId",
          "targetUserId",
          "targetQueueId",
          "fromUserIds",
          "startDate",
          "endDate",
          "isAvailable",
          "weight",
          "strategy",
          "dryRun",
          "userId",
        ),
        fc.oneof(
          scalar(),
          fc.array(scalar(), { maxLength: 3 }),
          fc.array(fc.uuid(), { minLength: 600, maxLength: 601 }),
          fc.record({ userId: scalar(), weight: scalar(), email: scalar(), fullname: scalar() }),
        ),
      ),
    );

  for (const route of discoverRoutes().filter(
    (r) => r.pattern.startsWith("/v4") || r.pattern.startsWith("/availability-exception"),
  )) {
    it(`${route.pattern} answers bad input with a 4xx envelope and changes nothing`, async () => {
      const mod = (await import(route.file)) as Record<string, unknown>;
      const methods = METHODS.filter((m) => typeof mod[m] === "function");
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...methods),
          fc.array(idArb(), { minLength: route.params.length, maxLength: route.params.length }),
          fc.dictionary(
            fc.constantFrom(
              "meetingTypeId",
              "start",
              "end",
              "queueId",
              "timezone",
              "appointmentId",
              "hostId",
              "status",
              "limit",
              "offset",
              "userId",
              "cursor",
            ),
            scalar().map(String),
            { maxKeys: 4 },
          ),
          bodyArb(),
          fc.constantFrom("json", "json", "json", "broken", "text", "none"),
          async (method, params, query, body, encoding) => {
            fuzzCases++;
            let path = route.pattern;
            route.params.forEach((p, i) => {
              path = path.replace(`[${p}]`, encodeURIComponent(params[i]) || "x");
            });
            const qs = new URLSearchParams(query).toString();
            const url = `http://localhost${path}${qs ? `?${qs}` : ""}`;
            const headers = new Headers(a.client.headers);
            let payload: string | undefined;
            if (method !== "GET" && encoding !== "none") {
              payload = encoding === "broken" ? '{"meetingTypeId": ' : (JSON.stringify(body) ?? "null");
              headers.set("content-type", encoding === "text" ? "text/plain" : "application/json");
            }
            const before = await digest(t.db);
            const handler = mod[method] as (req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>;
            const req = new Request(url, { method, headers, body: payload });
            const res = await handler(req, {
              params: Promise.resolve(Object.fromEntries(route.params.map((p, i) => [p, params[i]]))),
            });
            const text = await res.text();
            const sent = url + (payload ?? "");
            expect(res.status, `${method} ${url} -> ${text.slice(0, 300)}`).toBeLessThan(500);
            for (const id of foreignIds) {
              if (!sent.includes(id)) expect(text.includes(id), `${method} ${url} leaked ${id}`).toBe(false);
            }
            if (res.status >= 400) {
              expect(errorEnvelopeSchema.safeParse(JSON.parse(text)).success, text).toBe(true);
              expect(await digest(t.db), `${method} ${url} changed data although refused`).toBe(before);
            } else if (foreignIds.some((id) => path.includes(id))) {
              throw new Error(`${method} ${url} answered ${res.status} for another workspace's id`);
            }
          },
        ),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261125) },
      );
    });
  }
});
