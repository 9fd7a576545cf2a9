// Bulk handoff throughput: N confirmed bookings of one host handed to another, one transaction each.
// Run: npx tsx bench/handoff.ts [postgres-url]   (embedded PGlite without a url)
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { openPglite, openPostgres, migrate } from "../db/client";
import { createTempDatabase } from "../db/temp-database";
import { bookings, queueMemberStats } from "../db/schema";
import { windowKey } from "../lib/routing";
import { addMeetingType } from "../lib/meeting-types/manage-meeting-types";
import { updateQueueMembers } from "../lib/queues/update-queue-members";
import { addUser } from "../lib/people/manage-users";
import { ALL_DAY } from "../lib/slots";
import { createWorkspace } from "../lib/workspaces/create-workspace";
import { bulkHandoff } from "../lib/handoffs/bulk-handoff";
import { loadUseCaseContext } from "../lib/context";

export interface HandoffBenchResult {
  appointments: number;
  seconds: number;
  perSecond: number;
}

const DAY = 86_400_000;
const PER_DAY = 20;

/**
 * Seeds a fresh workspace in `db` (its own users, so it can share a database) with `n` bookings
 * of one host counted in the meeting type's queue, then times bulkHandoff of all of them to a
 * second host. Throws unless every booking moved.
 */
export async function benchBulkHandoff(db: Db, n = 1000): Promise<HandoffBenchResult> {
  const tag = randomBytes(4).toString("hex");
  const ws = await createWorkspace(db, {
    name: `Bench ${tag}`,
    adminEmail: `bench-${tag}@bench.test`,
    adminPassword: "password123",
    timeZone: "UTC",
  });
  const workspaceId = ws.workspace.id;
  // Around the clock on purpose (new people get office hours): the bench moves bookings at any hour.
  const workingHours = [...ALL_DAY];
  const from = await addUser(db, { workspaceId, name: "Away", email: `away-${tag}@bench.test`, workingHours });
  const to = await addUser(db, { workspaceId, name: "Backup", email: `backup-${tag}@bench.test`, workingHours });
  const { meetingType, queue } = await addMeetingType(db, {
    workspaceId,
    name: "Bench",
    slug: `bench-${tag}`,
    durationMinutes: 30,
  });
  const ctx = await loadUseCaseContext(db, workspaceId, ws.admin.id);
  await updateQueueMembers(ctx, meetingType.id, {
    users: [
      { userId: from.id, weight: 1 },
      { userId: to.id, weight: 1 },
    ],
  });

  const now = Date.now();
  const day0 = Math.floor(now / DAY) * DAY + 2 * DAY;
  const wk = windowKey(queue.fairnessWindow, now, "UTC");
  const rows = Array.from({ length: n }, (_, i) => {
    const start = day0 + Math.floor(i / PER_DAY) * DAY + 8 * 3_600_000 + (i % PER_DAY) * 30 * 60_000;
    return {
      workspaceId,
      meetingTypeId: meetingType.id,
      hostId: from.id,
      queueId: queue.id,
      windowKey: wk,
      startsAt: new Date(start),
      endsAt: new Date(start + 30 * 60_000),
      attendeeEmail: `lead-${i}@bench.test`,
      attendeeName: `Lead ${i}`,
      routingReason: "bench seed",
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db.insert(bookings).values(rows.slice(i, i + 500));
  await db.insert(queueMemberStats).values({ queueId: queue.id, windowKey: wk, userId: from.id, count: n });

  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const lastDay = day0 + Math.floor((n - 1) / PER_DAY) * DAY;
  const t0 = performance.now();
  const result = await bulkHandoff(ctx, {
    fromUserIds: [from.id],
    targetUserId: to.id,
    startDate: day(day0),
    endDate: day(lastDay),
    dryRun: false,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (result.handedOff !== n || result.failed.length) {
    throw new Error(
      `bench: expected ${n} handoffs, got ${result.handedOff} (${result.failed.length} failed: ${result.failed[0]?.reason ?? ""})`,
    );
  }
  return { appointments: n, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round(n / seconds) };
}

/**
 * In-memory PGlite without a url; with a PostgreSQL url, a temporary database created next to
 * it (needs CREATEDB) and dropped afterwards, so the bench never writes into the url's database.
 */
export async function benchHandoff(url?: string, n = 1000): Promise<HandoffBenchResult> {
  if (!url) {
    const handle = await openPglite();
    try {
      await migrate(handle);
      return await benchBulkHandoff(handle.db, n);
    } finally {
      await handle.close();
    }
  }
  const { url: tempUrl, drop } = await createTempDatabase(url, "baton_bench");
  try {
    const handle = await openPostgres(tempUrl, { max: 4, sessionTimeouts: false });
    try {
      await migrate(handle);
      return await benchBulkHandoff(handle.db, n);
    } finally {
      await handle.close();
    }
  } finally {
    await drop();
  }
}

const isMain =
  typeof process !== "undefined" && process.argv[1] !== undefined && /bench[\\/]handoff\.ts$/.test(process.argv[1]);
if (isMain) {
  benchHandoff(process.argv[2] ?? process.env.DATABASE_URL).then((r) => {
    console.log(`bulk handoff: ${r.appointments} appointments in ${r.seconds} s (${r.perSecond}/s)`);
  });
}
