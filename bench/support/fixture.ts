/**
 * A realistic routing workload: one workspace, a weighted queue of `members` hosts who work
 * around the clock (so every slot is routable), and `existing` bookings spread over the past
 * month and the coming weeks with consistent fairness counters.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { createTempDatabase } from "@/db/temp-database";
import { migrate, openPostgres, type DbHandle } from "@/db/client";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { addUser, setWorkingHours } from "@/lib/people/manage-users";
import { addMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { updateQueueMembers } from "@/lib/queues/update-queue-members";
import { loadUseCaseContext } from "@/lib/context";

export const BENCH_ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function freshDatabase(prefix = "baton_bench"): Promise<{ url: string; drop: () => Promise<void> }> {
  return createTempDatabase(BENCH_ADMIN_URL, prefix);
}

export interface Workload {
  handle: DbHandle;
  workspaceId: string;
  adminId: string;
  key: string;
  meetingTypeId: string;
  queueId: string;
  memberIds: string[];
  headers: Record<string, string>;
}

const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startMinute: 0, endMinute: 1440 }));

export async function buildWorkload(
  url: string,
  opts: { members: number; existing: number; weights?: (i: number) => number },
): Promise<Workload> {
  const handle = await openPostgres(url, { max: 4, sessionTimeouts: false });
  await migrate(handle);
  const db = handle.db;
  const ws = await createWorkspace(db, {
    name: "Bench",
    adminEmail: `bench-${randomBytes(3).toString("hex")}@bench.test`,
    adminPassword: "bench-password",
    timeZone: "UTC",
  });
  const { meetingType, queue } = await addMeetingType(db, {
    workspaceId: ws.workspace.id,
    name: "Bench call",
    slug: "bench",
    durationMinutes: 30,
    strategy: "weighted",
  });
  const memberIds: string[] = [];
  for (let i = 0; i < opts.members; i++) {
    const u = await addUser(db, {
      workspaceId: ws.workspace.id,
      name: `Host ${i}`,
      email: `host${i}-${randomBytes(3).toString("hex")}@bench.test`,
      timeZone: "UTC",
    });
    await setWorkingHours(db, u.id, ALL_WEEK);
    memberIds.push(u.id);
  }
  await updateQueueMembers(await loadUseCaseContext(db, ws.workspace.id, ws.admin.id), meetingType.id, {
    users: memberIds.map((userId, i) => ({ userId, weight: opts.weights?.(i) ?? 1 + (i % 3) })),
  });
  if (opts.existing > 0) {
    // Existing history in one statement: host i gets every members-th half hour from a month ago on.
    await db.execute(sql`
      insert into bookings (workspace_id, meeting_type_id, host_id, queue_id, window_key, starts_at, ends_at, attendee_email, attendee_name)
      select ${ws.workspace.id}::uuid, ${meetingType.id}::uuid, (${`{${memberIds.join(",")}}`}::uuid[])[1 + (g % ${opts.members})], ${queue.id}::uuid, to_char(now(), 'YYYY-MM'),
             date_trunc('hour', now()) - interval '30 days' + (g / ${opts.members}) * interval '30 minutes',
             date_trunc('hour', now()) - interval '30 days' + (g / ${opts.members}) * interval '30 minutes' + interval '30 minutes',
             'bench' || g || '@client.test', 'Client ' || g
      from generate_series(0, ${opts.existing - 1}) g`);
    await db.execute(sql`
      insert into queue_member_stats (queue_id, user_id, window_key, count, credit)
      select queue_id, host_id, window_key, count(*), 0 from bookings where queue_id = ${queue.id} group by queue_id, host_id, window_key
      on conflict (queue_id, window_key, user_id) do update set count = excluded.count`);
  }
  // Statistics as autovacuum keeps them in a live database: without them a plan can change mid-run,
  // when autovacuum gets to the freshly filled tables.
  await db.execute(sql`analyze`);
  return {
    handle,
    workspaceId: ws.workspace.id,
    adminId: ws.admin.id,
    key: ws.key,
    meetingTypeId: meetingType.id,
    queueId: queue.id,
    memberIds,
    headers: {
      authorization: `Bearer ${ws.key}`,
      "x-meetergo-api-user-id": ws.admin.id,
      "content-type": "application/json",
    },
  };
}

/**
 * `n` more bookings, all before the workload's history (which starts 30 days ago): older history that
 * no current decision needs, so a figure that grows with it reads more than it should.
 */
export async function addOlderHistory(url: string, w: Workload, n: number): Promise<void> {
  const handle = await openPostgres(url, { max: 1, sessionTimeouts: false });
  try {
    const members = w.memberIds.length;
    await handle.db.execute(sql`
      insert into bookings (workspace_id, meeting_type_id, host_id, queue_id, window_key, starts_at, ends_at, attendee_email, attendee_name)
      select ${w.workspaceId}::uuid, ${w.meetingTypeId}::uuid, (${`{${w.memberIds.join(",")}}`}::uuid[])[1 + (g % ${members})], ${w.queueId}::uuid,
             to_char(date_trunc('hour', now()) - interval '31 days' - (g / ${members}) * interval '30 minutes', 'YYYY-MM'),
             date_trunc('hour', now()) - interval '31 days' - (g / ${members}) * interval '30 minutes',
             date_trunc('hour', now()) - interval '31 days' - (g / ${members}) * interval '30 minutes' + interval '30 minutes',
             'old' || g || '@client.test', 'Client ' || g
      from generate_series(0, ${n - 1}) g`);
    await handle.db.execute(sql`analyze bookings`);
  } finally {
    await handle.close();
  }
}
