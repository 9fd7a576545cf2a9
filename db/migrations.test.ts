import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { bookings, meetingTypes, users, workingHours, workspaces } from "./schema";
import { PG, pgErrorCode } from "./errors";
import { eq } from "drizzle-orm";

describe.each(dbKinds())("schema on %s", (kind) => {
  let t: TestDb;
  let ids: { ws: string; host: string; mt: string };
  beforeAll(async () => {
    t = await createTestDb(kind);
    const [ws] = await t.db.insert(workspaces).values({ name: "W" }).returning();
    const [host] = await t.db
      .insert(users)
      .values({ workspaceId: ws.id, name: "H", email: `h-${kind}@x.test` })
      .returning();
    const [mt] = await t.db
      .insert(meetingTypes)
      .values({ workspaceId: ws.id, name: "Demo", slug: "demo", durationMinutes: 30 })
      .returning();
    ids = { ws: ws.id, host: host.id, mt: mt.id };
  });
  afterAll(() => t?.close());

  const book = (start: string, end: string, hostId = ids.host) =>
    t.db
      .insert(bookings)
      .values({
        workspaceId: ids.ws,
        meetingTypeId: ids.mt,
        hostId,
        startsAt: new Date(start),
        endsAt: new Date(end),
        attendeeEmail: "a@x.test",
        attendeeName: "A",
      })
      .returning();

  it("rejects a second overlapping confirmed booking for one host", async () => {
    await book("2030-01-01T10:00:00Z", "2030-01-01T10:30:00Z");
    const err = await book("2030-01-01T10:15:00Z", "2030-01-01T10:45:00Z").catch((e) => e);
    expect(pgErrorCode(err)).toBe(PG.exclusionViolation);
  });

  it("allows back-to-back bookings and overlaps once the first is cancelled", async () => {
    await book("2030-01-02T10:00:00Z", "2030-01-02T10:30:00Z");
    await expect(book("2030-01-02T10:30:00Z", "2030-01-02T11:00:00Z")).resolves.toHaveLength(1);
    const [b] = await book("2030-01-03T10:00:00Z", "2030-01-03T10:30:00Z");
    await t.db.update(bookings).set({ status: "cancelled" }).where(eq(bookings.id, b.id));
    await expect(book("2030-01-03T10:00:00Z", "2030-01-03T10:30:00Z")).resolves.toHaveLength(1);
  });

  it("allows the same time for two different hosts", async () => {
    const [other] = await t.db
      .insert(users)
      .values({ workspaceId: ids.ws, name: "O", email: `o-${kind}@x.test` })
      .returning();
    await book("2030-01-04T10:00:00Z", "2030-01-04T10:30:00Z");
    await expect(book("2030-01-04T10:00:00Z", "2030-01-04T10:30:00Z", other.id)).resolves.toHaveLength(1);
  });

  describe("buffers", () => {
    let buffered: string;
    beforeAll(async () => {
      // 15 minutes before, 30 after: a booking at 10:00–10:30 blocks 09:45–11:00.
      const [mt] = await t.db
        .insert(meetingTypes)
        .values({
          workspaceId: ids.ws,
          name: "Buffered",
          slug: "buffered",
          durationMinutes: 30,
          bufferBeforeMinutes: 15,
          bufferAfterMinutes: 30,
        })
        .returning();
      buffered = mt.id;
    });
    const bookAs = (
      meetingTypeId: string,
      start: string,
      end: string,
      extra: Partial<typeof bookings.$inferInsert> = {},
    ) =>
      t.db
        .insert(bookings)
        .values({
          workspaceId: ids.ws,
          meetingTypeId,
          hostId: ids.host,
          startsAt: new Date(start),
          endsAt: new Date(end),
          attendeeEmail: "a@x.test",
          attendeeName: "A",
          ...extra,
        })
        .returning();

    it("copies the meeting type's buffers into the booking, whatever the insert says", async () => {
      const [b] = await bookAs(buffered, "2030-02-01T10:00:00Z", "2030-02-01T10:30:00Z", {
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      });
      expect([b.bufferBeforeMinutes, b.bufferAfterMinutes]).toEqual([15, 30]);
      const [forged] = await t.db
        .update(bookings)
        .set({ bufferAfterMinutes: 0 })
        .where(eq(bookings.id, b.id))
        .returning();
      expect(forged.bufferAfterMinutes).toBe(30);
    });

    it("rejects a booking inside another's buffer, and buffers overlapping buffers", async () => {
      await bookAs(buffered, "2030-02-02T10:00:00Z", "2030-02-02T10:30:00Z"); // blocks 09:45–11:00
      // A bare booking in the after-buffer, one in the before-buffer.
      for (const [s, e] of [
        ["2030-02-02T10:45:00Z", "2030-02-02T11:15:00Z"],
        ["2030-02-02T09:30:00Z", "2030-02-02T09:50:00Z"],
      ])
        expect(pgErrorCode(await bookAs(ids.mt, s, e).catch((x) => x))).toBe(PG.exclusionViolation);
      // Another buffered booking at 11:10: its before-buffer (10:55) reaches into the first's after-buffer.
      expect(pgErrorCode(await bookAs(buffered, "2030-02-02T11:10:00Z", "2030-02-02T11:40:00Z").catch((x) => x))).toBe(
        PG.exclusionViolation,
      );
      // Buffers that only touch are fine: 11:15 - 15 min = 11:00.
      await expect(bookAs(buffered, "2030-02-02T11:15:00Z", "2030-02-02T11:45:00Z")).resolves.toHaveLength(1);
      // A bare booking right at the edge of the before-buffer too.
      await expect(bookAs(ids.mt, "2030-02-02T09:15:00Z", "2030-02-02T09:45:00Z")).resolves.toHaveLength(1);
    });

    it("checks a host change (handoff) against the new host's buffered bookings", async () => {
      const [other] = await t.db
        .insert(users)
        .values({ workspaceId: ids.ws, name: "P", email: `p-${kind}@x.test` })
        .returning();
      await bookAs(buffered, "2030-02-03T10:00:00Z", "2030-02-03T10:30:00Z");
      const [theirs] = await bookAs(ids.mt, "2030-02-03T10:40:00Z", "2030-02-03T11:10:00Z", { hostId: other.id });
      const err = await t.db
        .update(bookings)
        .set({ hostId: ids.host })
        .where(eq(bookings.id, theirs.id))
        .catch((x) => x);
      expect(pgErrorCode(err)).toBe(PG.exclusionViolation);
    });
  });

  it("0005's backfill gives everyone without weekly hours their workspace's default hours, and nobody else", async () => {
    const file = readFileSync(path.join(__dirname, "migrations", "0005_people_schedules.sql"), "utf8");
    const backfill = file.split("--> statement-breakpoint").at(-1)!;
    expect(backfill).toMatch(/INSERT INTO "working_hours"/);
    const [ws] = await t.db
      .insert(workspaces)
      .values({ name: "Backfill", defaultWorkingHours: [{ weekday: 6, startMinute: 600, endMinute: 720 }] })
      .returning();
    const [none, some] = await t.db
      .insert(users)
      .values([
        { workspaceId: ws.id, name: "None", email: `none-${kind}@x.test` },
        { workspaceId: ws.id, name: "Some", email: `some-${kind}@x.test` },
      ])
      .returning();
    await t.db.insert(workingHours).values({ userId: some.id, weekday: 1, startMinute: 0, endMinute: 60 });
    await t.db.execute(sql.raw(backfill));
    const rows = await t.db.select().from(workingHours).where(eq(workingHours.userId, none.id));
    expect(rows.map((r) => [r.weekday, r.startMinute, r.endMinute])).toEqual([[6, 600, 720]]);
    const kept = await t.db.select().from(workingHours).where(eq(workingHours.userId, some.id));
    expect(kept.map((r) => [r.weekday, r.startMinute, r.endMinute])).toEqual([[1, 0, 60]]);
  });
});
