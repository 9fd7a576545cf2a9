/**
 * Group commit (lib/bookings/create-booking.ts): routed requests that arrive while their queue is busy
 * are decided as one batch under one lock, each decision made on the snapshot as the decisions before it
 * left it. Each request must end exactly as it would have one at a time in the same order: the same host,
 * or the same 409. The requests share slots (a host taken earlier in the batch is busy), sit 30 minutes
 * apart with buffers (busy time widened), and hit a cap per day (cap counts), under weighted shares
 * (counters). The decisions are counted by wrapping the real snapshot loader: a batch reads once, so a
 * batch that fell back to one transaction per request (its own decisions colliding) fails the count.
 * On PostgreSQL, a booking made through another path (another session's insert, committed while the
 * batch's insert waits on it) takes the host of a decision that later decisions counted on: the batch
 * is rolled back and each request decided again alone, the first one on its next host. A batch whose
 * transaction fails (the queue row locked elsewhere past lock_timeout) answers that failure to its routed
 * requests only: a replay in the same batch still replays.
 */
import { describe, expect, it, vi } from "vitest";
import { usePgSessions } from "@/tests/support/pg-sessions";
import { dbKinds, useApiTestDb } from "@/tests/support/db";
import { loadUseCaseContext } from "@/lib/context";
import { createBooking } from "@/lib/bookings/create-booking";
import { AppError } from "@/lib/errors";
import { toErrorResponse } from "@/lib/http/envelope";
import { at, team } from "./_team";

const reads = vi.hoisted(() => ({ n: 0 }));
vi.mock("@/lib/queues/load-queue-snapshot", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/queues/load-queue-snapshot")>();
  return {
    ...real,
    loadQueueSnapshot: (...args: Parameters<typeof real.loadQueueSnapshot>) => {
      reads.n++;
      return real.loadQueueSnapshot(...args);
    },
  };
});

/** Hours after MONDAY of each request, in arrival order: shared slots, 30-minute neighbours, two days. */
const HOURS = [
  10, 10, 10, 10.5, 10.5, 11, 10, 12, 12, 12.5, 34, 34, 34.5, 35, 10.5, 36, 36, 36, 13, 13.5, 11, 37, 14, 14,
];

describe.each(dbKinds())("group commit on %s", (kind) => {
  const t = useApiTestDb(kind);

  async function setup() {
    const s = await team(t.db, { weights: [3, 2, 1], bufferAfterMinutes: 15 });
    const res = await s.client.patch(`/v4/queue/meeting-type/${s.meetingType.id}`, {
      users: s.reps.map((r, i) => ({ userId: r.id, weight: [3, 2, 1][i], capPerDay: i === 0 ? 4 : null })),
    });
    expect(res.status).toBe(200);
    const ctx = await loadUseCaseContext(t.db, s.workspace.id, s.admin.id);
    const request = (i: number) =>
      createBooking(ctx, {
        meetingTypeId: s.meetingType.id,
        start: new Date(at(HOURS[i])),
        attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
      }).then(
        (r) => `rep ${s.reps.findIndex((u) => u.id === r.booking.hostId)}`,
        (e: AppError) => `${e.status} ${e.code}`,
      );
    return { request };
  }

  it("decides a batch exactly as the same requests one at a time, with one read of the queue per batch", async () => {
    const batched = await setup();
    reads.n = 0;
    // Called in one go: the first runs alone at once, the others arrive while it runs and form batches.
    const together = await Promise.all(HOURS.map((_, i) => batched.request(i)));
    const batchReads = reads.n;

    const alone = await setup();
    const oneByOne: string[] = [];
    reads.n = 0;
    for (const i of HOURS.keys()) oneByOne.push(await alone.request(i));

    expect(reads.n).toBe(HOURS.length);
    expect(together).toEqual(oneByOne);
    // The run exercised what a batch must carry from decision to decision.
    expect(oneByOne.filter((x) => x.startsWith("409")).length).toBeGreaterThan(0);
    expect(new Set(oneByOne.filter((x) => x.startsWith("rep"))).size).toBe(3);
    expect(batchReads).toBeLessThanOrEqual(4);
  });
});

describe.skipIf(!dbKinds().includes("postgres"))("a batch whose host is taken meanwhile (PostgreSQL)", () => {
  const t = useApiTestDb("postgres");
  const pg = usePgSessions(() => t.url!);

  it("rolls the batch back and decides each request alone: the first goes to its next host", async () => {
    const s = await team(t.db, { weights: [1, 1] });
    const ctx = await loadUseCaseContext(t.db, s.workspace.id, s.admin.id);
    const request = (hours: number, i: number) =>
      createBooking(ctx, {
        meetingTypeId: s.meetingType.id,
        start: new Date(at(hours)),
        attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
      });
    // With no bookings yet the queue ranks both; the first request takes the first, the next one the second.
    const next = (await (await s.client.get(`/v4/queue/${s.queue.id}/next`)).json()) as {
      nextHosts: { userId: string }[];
    };
    const [first, second] = next.nextHosts.map((h) => h.userId);

    // The queue row is locked elsewhere: the first request waits on it (a batch of one), the next three
    // arrive meanwhile and form the next batch, in this order.
    const queueLock = pg.holdOpen((tx) => tx`select id from queues where id = ${s.queue.id} for no key update`);
    await queueLock.isReady;
    reads.n = 0;
    const r0 = request(20, 0);
    await pg.someoneWaits();
    const batch = [request(21, 1), request(22, 2), request(23, 3)];
    // Another path books the second host at 21:00 and has not committed when the batch inserts there.
    const taken = pg.holdOpen(
      (tx) => tx`insert into bookings (workspace_id, meeting_type_id, host_id, starts_at, ends_at, attendee_email,
        attendee_name, routing_reason)
        values (${s.workspace.id}, ${s.meetingType.id}, ${second}, ${at(21)}, ${at(21.5)}, 'x@client.test', 'X',
        'forced: another path')`,
    );
    await taken.isReady;
    await queueLock.commit();
    expect((await r0).booking.hostId).toBe(first);
    await pg.someoneWaits(); // the batch's insert for the second host at 21:00, on the uncommitted booking
    await taken.commit();
    const [r1, r2, r3] = await Promise.all(batch);

    expect(r1.booking.hostId).toBe(first);
    expect(r2.booking.hostId).toBe(second); // 2 bookings to 0: the shares catch up
    expect([first, second]).toContain(r3.booking.hostId);
    // 1 for the first request, 1 for the batch, then 3 for its requests alone.
    expect(reads.n).toBe(5);
    const rows = await pg.watcher()`select host_id, starts_at from bookings where meeting_type_id = ${s.meetingType.id}
      and status = 'confirmed' order by starts_at, host_id`;
    expect(rows.length).toBe(5);
    const stats = await pg.watcher()`select user_id, count from queue_member_stats where queue_id = ${s.queue.id}`;
    const counted = Object.fromEntries(stats.map((r) => [r.user_id as string, r.count as number]));
    expect(counted[first] + counted[second]).toBe(4); // the four routed bookings, nothing of the rolled-back batch
  });

  it("a batch whose lock times out answers its routed requests 503, and its replays still replay", async () => {
    const s = await team(t.db, { weights: [1, 1] });
    const ctx = await loadUseCaseContext(t.db, s.workspace.id, s.admin.id);
    const body = (hours: number, i: number) => ({
      meetingTypeId: s.meetingType.id,
      start: new Date(at(hours)),
      attendee: { email: `lead${i}@client.test`, fullname: `Lead ${i}` },
    });
    const idempotency = { key: "batch-replay-key", fingerprint: "same-request" };
    const first = await createBooking(ctx, body(30, 0), idempotency);

    // The queue row is locked elsewhere past two lock timeouts: a first request waits alone and times out,
    // while a new request and the first one's replay arrive and form the next batch, which times out too.
    const queueLock = pg.holdOpen((tx) => tx`select id from queues where id = ${s.queue.id} for no key update`);
    await queueLock.isReady;
    const alone = createBooking(ctx, body(31, 1)).catch((e: unknown) => e);
    await pg.someoneWaits();
    const routed = createBooking(ctx, body(32, 2)).catch((e: unknown) => e);
    const replay = createBooking(ctx, body(30, 0), idempotency).catch((e: unknown) => e);
    const answers = await Promise.all([alone, routed, replay]);
    await queueLock.commit();

    // What the API answers for each failure (the lock timeout maps to 503 busy).
    expect(toErrorResponse(answers[0]).status).toBe(503);
    expect(toErrorResponse(answers[1]).status).toBe(503);
    expect(answers[2]).toMatchObject({ replayed: true, booking: { id: first.booking.id } });
  }, 20_000);
});
