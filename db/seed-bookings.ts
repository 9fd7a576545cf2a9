import type { Db } from "./client";

/** Filled in once the booking service lands: routes a week of demo bookings through it. */
export async function seedDemoBookings(_db: Db, _input: { workspaceId: string; actorId: string; meetingTypeIds: string[]; now: Date }) {}
