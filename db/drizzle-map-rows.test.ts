/**
 * patches/drizzle-orm+0.45.4.patch: drizzle's `mapResultRow` works out each selected field's decoder
 * once per query (its `columns` array) instead of asking is() for every field of every row. The rows
 * must map exactly as released drizzle maps them, joins' null objects included.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as drizzle from "drizzle-orm";
import { Column, SQL, Subquery, getTableName, is, sql, type AnyColumn } from "drizzle-orm";
import { bookings, queueMembers, users } from "./schema";

type Columns = { path: string[]; field: unknown }[];
type Decoder = { mapFromDriverValue(v: unknown): unknown };
// Exported by drizzle-orm's index but marked internal, so left out of its types.
const { mapResultRow, orderSelectedFields } = drizzle as unknown as {
  mapResultRow(columns: Columns, row: unknown[], joinsNotNullableMap?: Record<string, boolean>): unknown;
  orderSelectedFields(fields: Record<string, unknown>): Columns;
};
const decoderOf = (s: unknown) => (s as { decoder: Decoder }).decoder;

/** drizzle's mapResultRow as released: the decoder found anew for every field of every row. */
function released(columns: Columns, row: unknown[], joinsNotNullableMap?: Record<string, boolean>) {
  const nullifyMap: Record<string, string | false> = {};
  const result = columns.reduce<Record<string, unknown>>((result2, { path, field }, columnIndex) => {
    let decoder: Decoder;
    if (is(field, Column)) decoder = field;
    else if (is(field, SQL)) decoder = decoderOf(field);
    else if (is(field, Subquery)) decoder = decoderOf((field as { _: { sql: SQL } })._.sql);
    else decoder = decoderOf((field as { sql: SQL }).sql);
    let node = result2 as Record<string, unknown>;
    for (const [pathChunkIndex, pathChunk] of path.entries()) {
      if (pathChunkIndex < path.length - 1) {
        if (!(pathChunk in node)) node[pathChunk] = {};
        node = node[pathChunk] as Record<string, unknown>;
      } else {
        const rawValue = row[columnIndex];
        const value = (node[pathChunk] = rawValue === null ? null : decoder.mapFromDriverValue(rawValue));
        if (joinsNotNullableMap && is(field, Column) && path.length === 2) {
          const objectName = path[0];
          const table = getTableName((field as AnyColumn).table);
          if (!(objectName in nullifyMap)) nullifyMap[objectName] = value === null ? table : false;
          else if (typeof nullifyMap[objectName] === "string" && nullifyMap[objectName] !== table)
            nullifyMap[objectName] = false;
        }
      }
    }
    return result2;
  }, {});
  if (joinsNotNullableMap && Object.keys(nullifyMap).length > 0) {
    for (const [objectName, tableName] of Object.entries(nullifyMap)) {
      if (typeof tableName === "string" && !joinsNotNullableMap[tableName]) result[objectName] = null;
    }
  }
  return result;
}

// Selections as the app makes them: a joined table as an object, single columns, a nested object,
// SQL with and without a decoder, and a timestamp column (decoded to a Date).
const selection = orderSelectedFields({
  m: queueMembers,
  name: users.name,
  person: { email: users.email, deactivatedAt: users.deactivatedAt },
  starts: bookings.startsAt,
  total: sql<number>`count(*)`.mapWith(Number),
  raw: sql`1`,
});

const cell = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.constantFrom("2030-01-01 09:00:00+00", "2030-03-31T01:30:00.000Z"),
);

describe("drizzle mapResultRow, each field's decoder found once per query", () => {
  it("maps any rows as released drizzle does, with and without joins' null objects", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: selection.length, maxLength: selection.length }), { maxLength: 20 }),
        fc.option(fc.dictionary(fc.constantFrom("queue_members", "users", "bookings"), fc.boolean())),
        (rows, joins) => {
          const columns = [...selection]; // a fresh array per "query", reused by its rows
          for (const row of rows)
            expect(mapResultRow(columns, row, joins ?? undefined)).toEqual(released(columns, row, joins ?? undefined));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads a field's decoder once for all the rows of a query", () => {
    let reads = 0;
    const counted = sql<number>`count(*)`;
    const decoder = { mapFromDriverValue: (v: unknown) => Number(v) };
    Object.defineProperty(counted, "decoder", {
      get: () => {
        reads++;
        return decoder;
      },
    });
    const columns = orderSelectedFields({ id: users.id, total: counted });
    const rows = Array.from({ length: 50 }, (_, i) => [`u${i}`, String(i)]);
    expect(rows.map((r) => mapResultRow(columns, r))).toEqual(rows.map((r) => ({ id: r[0], total: Number(r[1]) })));
    expect(reads).toBe(1);
  });
});
