/**
 * patches/drizzle-orm+0.45.4.patch: drizzle's `is(value, type)` remembers its answer per prototype
 * instead of walking the value's class chain on every call (it runs for every chunk of every query
 * built and every field of every row mapped; remembered, the queue lock is held ~20% shorter).
 * The answers must stay drizzle's own, and a repeated question must not walk the chain again.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  Column,
  Name,
  Param,
  Placeholder,
  SQL,
  StringChunk,
  Subquery,
  Table,
  View,
  entityKind,
  is,
  sql,
} from "drizzle-orm";
import { bookings, queues, users } from "./schema";

/** drizzle's is() as released: instanceof, else a walk up the value's class chain comparing entity kinds. */
function released(value: unknown, type: { [entityKind]?: unknown } & (abstract new (...a: never[]) => unknown)) {
  if (!value || typeof value !== "object") return false;
  if (value instanceof type) return true;
  let cls = Object.getPrototypeOf(value)?.constructor;
  while (cls) {
    if (entityKind in cls && cls[entityKind] === type[entityKind]) return true;
    cls = Object.getPrototypeOf(cls);
  }
  return false;
}

describe("drizzle is(), remembered per prototype", () => {
  const values: unknown[] = [
    sql`select 1`,
    sql`a`.as("b"),
    new Param(1),
    sql.placeholder("p"),
    new Name("n"),
    new StringChunk("s"),
    users,
    bookings,
    queues,
    users.id,
    bookings.startsAt,
    queues.version,
    { plain: true },
    [1, 2],
    new Date(0),
    "text",
    42,
    null,
    undefined,
  ];
  const types = [SQL, SQL.Aliased, Param, Placeholder, Name, StringChunk, Table, Column, View, Subquery];

  it("answers as released drizzle does, for any order of questions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...values), fc.constantFrom(...types)), { minLength: 1, maxLength: 60 }),
        (questions) => {
          for (const [v, t] of questions) expect(is(v, t)).toBe(released(v, t));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a repeated question for another value of the same class does not walk the class chain again", () => {
    let walked = 0;
    class Kind {
      static readonly [entityKind]: string = "BatonTestKind";
    }
    class Other {
      static readonly [entityKind]: string = "BatonTestOther";
    }
    // The chain's classes are proxied to count the `entityKind in cls` checks of a walk.
    const Counted = new Proxy(Other, {
      has(target, key) {
        if (key === entityKind) walked++;
        return Reflect.has(target, key);
      },
    });
    const proto = { constructor: Counted };
    expect(is(Object.create(proto), Kind)).toBe(false);
    const first = walked;
    expect(first).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) expect(is(Object.create(proto), Kind)).toBe(false);
    expect(walked).toBe(first);
  });
});
