/**
 * The acting user's role applies on /v4 exactly as on the dashboard, and API keys carry scopes
 * (issue 13). A rep named in x-meetergo-api-user-id cannot change queues, run coverage, hand off
 * or read anyone else's exceptions and bookings; a key without a scope cannot use it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/workspaces/manage-api-keys";
import { call } from "@/tests/support/app-router";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { at, json, team } from "./_team";

describe.each(dbKinds())("roles and scopes on /v4 on %s", (kind) => {
  const t = useApiTestDb(kind);
  let a: Awaited<ReturnType<typeof team>>;
  let rep: string;
  let other: string;
  const asRep = (method: string, url: string, body?: unknown) =>
    call(method, url, { headers: { ...a.client.headers, "x-meetergo-api-user-id": rep }, body });
  const expectForbidden = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBe(403);
    expect((await json(res)).error.code).toBe("forbidden");
  };

  beforeAll(async () => {
    a = await team(t.db, { weights: [1, 1] });
    [rep, other] = a.reps.map((r) => r.id);
  });

  it("refuses a rep what the dashboard refuses: queue changes, groups, coverage, handoffs, cancelling", async () => {
    const theirs = await json(await a.book(at(40), { hostIds: [other] }));
    await expectForbidden(
      await asRep("PATCH", `/v4/queue/meeting-type/${a.meetingType.id}`, {
        users: [
          { userId: rep, weight: 1000 },
          { userId: other, weight: 1 },
        ],
      }),
    );
    await expectForbidden(await asRep("GET", `/v4/queue/${a.queue.id}`));
    await expectForbidden(await asRep("GET", `/v4/queue/${a.queue.id}/next`));
    await expectForbidden(
      await asRep("POST", "/v4/queue-user-group", {
        name: "Me first",
        queueId: a.queue.id,
        userIds: [rep],
        priority: 0,
      }),
    );
    await expectForbidden(
      await asRep("POST", "/v4/handoff/coverage", {
        userId: other,
        targetUserId: rep,
        startDate: "2030-01-07",
        endDate: "2030-01-08",
      }),
    );
    await expectForbidden(
      await asRep("POST", "/v4/handoff/appointment", { appointmentId: theirs.id, targetUserId: rep }),
    );
    await expectForbidden(await asRep("POST", `/v4/booking/${theirs.id}/cancel`, {}));
    await expectForbidden(await asRep("GET", "/v4/user"));
    // Nothing changed: the queue still has weights 1/1 and the booking is still theirs and confirmed.
    const queue = await json(await a.client.get(`/v4/queue/${a.queue.id}`));
    expect(queue.users.map((u: { weight: number }) => u.weight)).toEqual([1, 1]);
    expect(await json(await a.client.get(`/v4/booking/${theirs.id}`))).toMatchObject({
      hostId: other,
      status: "confirmed",
    });
  });

  it("limits a rep to their own exceptions and bookings", async () => {
    const mine = await asRep("POST", "/v4/availability-exception/user", {
      startDate: "2030-03-01",
      endDate: "2030-03-02",
    });
    expect(mine.status).toBe(201);
    const theirException = await json(
      await call("POST", "/v4/availability-exception/user", {
        headers: { ...a.client.headers, "x-meetergo-api-user-id": other },
        body: { startDate: "2030-03-03", endDate: "2030-03-04" },
      }),
    );
    await expectForbidden(await asRep("GET", `/v4/availability-exception/user?userId=${other}`));
    const own = await json(await asRep("GET", "/v4/availability-exception/user"));
    expect(own.map((e: { userId: string }) => e.userId)).toEqual([rep]);
    expect((await asRep("DELETE", `/v4/availability-exception/user/${theirException.id}`)).status).toBe(404);

    const myBooking = await json(await a.book(at(50), { hostIds: [rep] }));
    const theirBooking = await json(await a.book(at(51), { hostIds: [other] }));
    const list = await json(await asRep("GET", "/v4/booking?limit=200"));
    expect(list.bookings.length).toBeGreaterThan(0);
    expect(list.bookings.every((b: { hostId: string }) => b.hostId === rep)).toBe(true);
    await expectForbidden(await asRep("GET", `/v4/booking?hostId=${other}`));
    expect((await asRep("GET", `/v4/booking/${myBooking.id}`)).status).toBe(200);
    expect((await asRep("GET", `/v4/booking/${theirBooking.id}`)).status).toBe(404);
  });

  it("lets a rep book (routed, or forced onto themselves) but not force a colleague", async () => {
    const booking = { meetingTypeId: a.meetingType.id, attendee: { email: "x@y.test", fullname: "X" } };
    expect((await asRep("POST", "/v4/booking", { ...booking, start: at(60) })).status).toBe(201);
    expect((await asRep("POST", "/v4/booking", { ...booking, start: at(61), hostIds: [rep] })).status).toBe(201);
    await expectForbidden(await asRep("POST", "/v4/booking", { ...booking, start: at(62), hostIds: [other] }));
  });

  it("applies API key scopes: read, bookings and admin are separate", async () => {
    const keyWith = async (scopes: ("read" | "bookings" | "admin")[]) => {
      const { key } = await createApiKey(t.db, { workspaceId: a.workspace.id, name: scopes.join("+"), scopes });
      return (method: string, url: string, body?: unknown) =>
        call(method, url, { headers: { authorization: `Bearer ${key}`, "x-meetergo-api-user-id": a.admin.id }, body });
    };
    const booking = { meetingTypeId: a.meetingType.id, attendee: { email: "x@y.test", fullname: "X" } };
    const read = await keyWith(["read"]);
    expect((await read("GET", "/v4/user")).status).toBe(200);
    await expectForbidden(await read("POST", "/v4/booking", { ...booking, start: at(70) }));
    await expectForbidden(
      await read("PATCH", `/v4/queue/meeting-type/${a.meetingType.id}`, { users: [{ userId: rep, weight: 1 }] }),
    );
    const bookingsOnly = await keyWith(["bookings"]);
    const created = await bookingsOnly("POST", "/v4/booking", { ...booking, start: at(71) });
    expect(created.status).toBe(201);
    await expectForbidden(await bookingsOnly("GET", `/v4/booking/${(await json(created)).id}`));
    await expectForbidden(
      await bookingsOnly("POST", "/v4/availability-exception/user", { startDate: "2030-05-01", endDate: "2030-05-01" }),
    );
    const admin = await keyWith(["admin"]);
    expect(
      (await admin("POST", "/v4/availability-exception/user", { startDate: "2030-05-01", endDate: "2030-05-01" }))
        .status,
    ).toBe(201);
    await expectForbidden(await admin("GET", "/v4/meeting-type"));
  });
});
