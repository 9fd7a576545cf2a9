/**
 * Requests for one slot that wait behind a routing decision which finds the slot full get that
 * decision's 409 without running one each (lib/bookings/create-booking.ts, slotFull): a burst for a
 * full slot costs one or two decisions per process, not one per request. The decisions are counted
 * by wrapping the real queue-state loader (it still does all its work); a request that arrives
 * after the slot frees up decides afresh.
 */
import { describe, expect, it, vi } from "vitest";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { at, json, team } from "@/tests/api/_team";

const decisions = vi.hoisted(() => ({ n: 0 }));
vi.mock("@/lib/queues/load-queue-snapshot", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/queues/load-queue-snapshot")>();
  return {
    ...real,
    loadQueueSnapshot: (...args: Parameters<typeof real.loadQueueSnapshot>) => {
      decisions.n++;
      return real.loadQueueSnapshot(...args);
    },
  };
});

describe.each(dbKinds())("a burst for a full slot on %s", (kind) => {
  const t = useApiTestDb(kind);

  it("waiting requests share the decision that found the slot full; a later request decides afresh", async () => {
    const s = await team(t.db, { weights: [1] });
    const first = await s.book(at(5));
    expect(first.status).toBe(201);

    decisions.n = 0;
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        s.book(at(5), { attendee: { email: `w${i}@client.test`, fullname: `W ${i}` } }).then(async (r) => ({
          status: r.status,
          code: ((await r.json()) as { error?: { code: string } }).error?.code,
        })),
      ),
    );
    expect(burst.every((r) => r.status === 409 && r.code === "no_eligible_host")).toBe(true);
    // One decision per request would be 30; waiting requests share the one that started after they arrived.
    expect(decisions.n).toBeLessThanOrEqual(5);

    // The slot frees up: the next request is not answered from the old decision.
    const { id } = await json(first);
    expect((await s.client.post(`/v4/booking/${id}/cancel`, {})).status).toBe(200);
    expect((await s.book(at(5))).status).toBe(201);
  });
});
