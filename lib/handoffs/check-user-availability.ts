/**
 * Is a workspace user free to take over an appointment? The same checks routing applies to
 * queue members (the engine's checkEligibility: on_exception -> busy (buffered) ->
 * outside_working_hours), on the same loaded availability (loadPeopleAvailability), but for any
 * user of the workspace, queue member or not.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type Booking, type User } from "@/db/schema";
import { bareMember, checkEligibility, type Exclusion } from "@/lib/routing";
import type { BufferedInterval } from "@/lib/slots";
import { loadPeopleAvailability, type HoursCache } from "@/lib/people/load-people-availability";

type UserRow = Pick<User, "id" | "name" | "email" | "timeZone">;

export interface UserCheck {
  user: UserRow;
  /** Why the user cannot take the booking (the engine's reasons), or null when free. */
  exclusion: Exclusion | null;
}

export interface CheckUsersOptions {
  workspaceId: string;
  /** The booking to move: it does not count as busy, and its stored buffers apply. */
  booking: Booking;
  /** The users to check (already known to be in the workspace); default: every active person of the workspace, by name. */
  users?: UserRow[];
  /** Moves planned earlier in a dry run, per user. */
  planned?: ReadonlyMap<string, readonly BufferedInterval[]>;
  hoursCache?: HoursCache;
}

export async function checkUsersForBooking(db: DbOrTx, o: CheckUsersOptions): Promise<UserCheck[]> {
  const { booking } = o;
  const userRows =
    o.users ??
    (await db
      .select({ id: users.id, name: users.name, email: users.email, timeZone: users.timeZone })
      .from(users)
      // Deactivated people never take bookings, handed off or routed.
      .where(and(eq(users.workspaceId, o.workspaceId), isNull(users.deactivatedAt)))
      .orderBy(users.name, users.id));
  const range = { start: booking.startsAt.getTime(), end: booking.endsAt.getTime() };
  const availability = await loadPeopleAvailability(db, {
    people: userRows,
    range,
    // The moved booking keeps the buffers stored with it (bookings_no_overlap checks those).
    placing: booking,
    ignoreBookingId: booking.id,
    planned: o.planned,
    hoursCache: o.hoursCache,
  });
  const now = Date.now();
  return userRows.map((user) => {
    const a = availability.get(user.id)!;
    const exclusion = checkEligibility(bareMember(user.id, { name: user.name, ...a }), { ...range, now });
    return { user, exclusion };
  });
}
