import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, dbKinds, type TestDb } from "@/tests/support/db";
import { bookings, meetingTypes, users, workspaces } from "./schema";
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
});
