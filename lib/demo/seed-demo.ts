/**
 * The demo workspace created on first start of an empty database, so `npm run dev`
 * shows something real: a sales team (weighted 3/3/2/2, two time zones), a support
 * team in two priority tiers, and a week of bookings routed by the real engine.
 */
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, queueGroupMembers, queueGroups, queueMembers, queues, workspaces } from "@/db/schema";
import { hashApiKey } from "@/lib/auth/api-key";
import { addUser, setWorkingHours } from "@/lib/people/manage-users";
import { addMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { seedDemoBookings } from "@/lib/demo/seed-demo-bookings";

export const DEMO = {
  workspaceId: "00000000-0000-4000-8000-000000000001",
  managerId: "00000000-0000-4000-8000-0000000000a1",
  password: "baton-demo",
  managerEmail: "manager@demo.baton.dev",
  repEmail: "sofia@demo.baton.dev",
  /** Printed in the README; only its hash is stored, like any key. Never use it in production. */
  apiKey: "bt_de00de00de00_baton-demo-key-not-for-production-use",
} as const;

const weekdays = (start: number, end: number) =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: start * 60, endMinute: end * 60 }));

export async function seedDemoIfEmpty(db: Db, now = new Date()): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(workspaces);
  if (n > 0) return false;
  await seedDemo(db, now);
  console.log(
    `[baton] demo workspace ready: sign in as ${DEMO.managerEmail} / ${DEMO.password} (rep: ${DEMO.repEmail}); API key ${DEMO.apiKey}, x-meetergo-api-user-id ${DEMO.managerId}`,
  );
  return true;
}

export async function seedDemo(db: Db, now = new Date()) {
  const workspaceId = DEMO.workspaceId;
  await db.insert(workspaces).values({ id: workspaceId, name: "Demo Company", timeZone: "Europe/Berlin" });
  await addUser(db, {
    id: DEMO.managerId,
    workspaceId,
    name: "Morgan Manager",
    email: DEMO.managerEmail,
    role: "manager",
    password: DEMO.password,
    timeZone: "Europe/Berlin",
  });
  await db.insert(apiKeys).values({
    workspaceId,
    name: "Demo key",
    prefix: "de00de00de00",
    secretHash: hashApiKey(DEMO.apiKey),
    createdById: DEMO.managerId,
  });

  const person = async (name: string, email: string, timeZone: string, hours: [number, number]) => {
    const u = await addUser(db, { workspaceId, name, email, role: "rep", password: DEMO.password, timeZone });
    await setWorkingHours(db, u.id, weekdays(...hours));
    return u;
  };
  // Sales: two seniors in Berlin, two juniors in New York.
  const sales = [
    await person("Sofia Berg", DEMO.repEmail, "Europe/Berlin", [9, 17]),
    await person("Lukas Meyer", "lukas@demo.baton.dev", "Europe/Berlin", [8, 16]),
    await person("Jamie Chen", "jamie@demo.baton.dev", "America/New_York", [9, 17]),
    await person("Riley Brooks", "riley@demo.baton.dev", "America/New_York", [10, 18]),
  ];
  const support = [
    await person("Ana Costa", "ana@demo.baton.dev", "Europe/Berlin", [8, 16]),
    await person("Ben Okafor", "ben@demo.baton.dev", "Europe/Berlin", [9, 17]),
    await person("Chloe Martin", "chloe@demo.baton.dev", "Europe/Berlin", [10, 18]),
    await person("Dmitri Volkov", "dmitri@demo.baton.dev", "Europe/Berlin", [9, 17]),
    await person("Elena Rossi", "elena@demo.baton.dev", "America/New_York", [9, 17]),
  ];

  const demo = await addMeetingType(db, {
    workspaceId,
    name: "Sales demo",
    slug: "sales-demo",
    durationMinutes: 30,
    slotIntervalMinutes: 30,
    bufferAfterMinutes: 10,
    minimumNoticeMinutes: 60,
    strategy: "weighted",
  });
  await db.insert(queueMembers).values(
    sales.map((u, i) => ({
      queueId: demo.queue.id,
      userId: u.id,
      weight: [3, 3, 2, 2][i],
      position: i,
    })),
  );
  await db.update(queues).set({ name: "Sales team", fairnessWindow: "month" }).where(eq(queues.id, demo.queue.id));

  const call = await addMeetingType(db, {
    workspaceId,
    name: "Support call",
    slug: "support-call",
    durationMinutes: 30,
    slotIntervalMinutes: 30,
    strategy: "round_robin",
  });
  await db.insert(queueMembers).values(
    support.map((u, i) => ({
      queueId: call.queue.id,
      userId: u.id,
      weight: 1,
      capPerDay: i < 3 ? 6 : null,
      position: i,
    })),
  );
  await db.update(queues).set({ name: "Support team", fairnessWindow: "week" }).where(eq(queues.id, call.queue.id));
  const [tier1] = await db
    .insert(queueGroups)
    .values({ queueId: call.queue.id, name: "Tier 1 Support", priority: 1 })
    .returning();
  const [tier2] = await db
    .insert(queueGroups)
    .values({ queueId: call.queue.id, name: "Tier 2 Support", priority: 2 })
    .returning();
  await db
    .insert(queueGroupMembers)
    .values([
      ...support.slice(0, 3).map((u) => ({ groupId: tier1.id, userId: u.id })),
      ...support.slice(3).map((u) => ({ groupId: tier2.id, userId: u.id })),
    ]);

  await seedDemoBookings(db, {
    workspaceId,
    actorId: DEMO.managerId,
    meetingTypeIds: [demo.meetingType.id, call.meetingType.id],
    now,
  });
}
