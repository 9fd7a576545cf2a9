import { addDays, formatISO } from "date-fns";
import type { Db } from "@/db/client";
import { bookingAvailability } from "@/lib/bookings/get-booking-availability";
import { createBooking } from "@/lib/bookings/create-booking";
import { loadUseCaseContext } from "@/lib/context";

const FIRST = [
  "Alex",
  "Sam",
  "Jordan",
  "Taylor",
  "Casey",
  "Morgan",
  "Avery",
  "Quinn",
  "Harper",
  "Rowan",
  "Emery",
  "Skyler",
];
const LAST = [
  "Schmidt",
  "Novak",
  "Garcia",
  "Kim",
  "Dubois",
  "Rossi",
  "Nielsen",
  "Okoro",
  "Silva",
  "Walsh",
  "Ivanova",
  "Tanaka",
];
const COMPANY = ["northwind", "globex", "initech", "umbrella", "hooli", "vandelay", "acme", "stark"];

/**
 * Books the coming week the way an integration would: ask booking-availability for
 * open slots, then POST routed bookings, so the demo's counters and history are real.
 * A fixed stride through the slots keeps the demo the same on every machine.
 */
export async function seedDemoBookings(
  db: Db,
  input: { workspaceId: string; actorId: string; meetingTypeIds: string[]; now: Date },
) {
  const ctx = await loadUseCaseContext(db, input.workspaceId, input.actorId);
  let n = 0;
  for (const [i, meetingTypeId] of input.meetingTypeIds.entries()) {
    const from = addDays(input.now, 1);
    const { availableSlots } = await bookingAvailability(
      ctx,
      {
        meetingTypeId,
        start: formatISO(from, { representation: "date" }),
        end: formatISO(addDays(from, 6), { representation: "date" }),
      },
      input.now.getTime(),
    );
    const stride = i === 0 ? 3 : 4;
    for (let s = i; s < availableSlots.length && n < (i + 1) * 36; s += stride) {
      const first = FIRST[n % FIRST.length];
      const last = LAST[(n * 7) % LAST.length];
      const company = COMPANY[(n * 3) % COMPANY.length];
      try {
        await createBooking(ctx, {
          meetingTypeId,
          start: new Date(availableSlots[s].start),
          attendee: { email: `${first}.${last}@${company}.example`.toLowerCase(), fullname: `${first} ${last}` },
        });
        n++;
      } catch {
        // A slot taken by an earlier demo booking of the other queue: skip it.
      }
    }
  }
  return n;
}
