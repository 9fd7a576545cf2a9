/** Shared setup for the routing API tests: a workspace, reps, a meeting type and its queue. */
import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { apiWorkspace } from "@/tests/support/fixtures";
import { addUser, setWorkingHours } from "@/lib/people/manage-users";
import { addMeetingType } from "@/lib/meeting-types/manage-meeting-types";
import { ALL_DAY } from "@/lib/slots";

export interface TeamOptions {
  weights: number[];
  strategy?: "round_robin" | "weighted" | "availability";
  fairnessWindow?: "none" | "day" | "week" | "month";
  durationMinutes?: number;
  slotIntervalMinutes?: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  minimumNoticeMinutes?: number;
  timeZone?: string;
  /** Mon–Fri 09:00–17:00 in the reps' zone; default: around the clock (set explicitly, as nobody gets it by default). */
  officeHours?: boolean;
}

export async function team(db: Db, o: TeamOptions) {
  const ws = await apiWorkspace(db);
  const tag = randomBytes(4).toString("hex");
  const reps = [];
  for (const [i] of o.weights.entries()) {
    const u = await addUser(db, {
      workspaceId: ws.workspace.id,
      name: `Rep ${i}`,
      email: `rep${i}-${tag}@team.test`,
      timeZone: o.timeZone ?? "UTC",
      workingHours: [...ALL_DAY],
    });
    if (o.officeHours)
      await setWorkingHours(
        db,
        u.id,
        [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 540, endMinute: 1020 })),
      );
    reps.push(u);
  }
  const { meetingType, queue } = await addMeetingType(db, {
    workspaceId: ws.workspace.id,
    name: "Demo",
    slug: `demo-${tag}`,
    durationMinutes: o.durationMinutes ?? 30,
    slotIntervalMinutes: o.slotIntervalMinutes,
    bufferBeforeMinutes: o.bufferBeforeMinutes,
    bufferAfterMinutes: o.bufferAfterMinutes,
    minimumNoticeMinutes: o.minimumNoticeMinutes,
    strategy: o.strategy ?? "weighted",
  });
  const res = await ws.client.patch(`/v4/queue/meeting-type/${meetingType.id}`, {
    users: reps.map((r, i) => ({ userId: r.id, weight: o.weights[i] })),
    fairnessWindow: o.fairnessWindow ?? "month",
  });
  if (res.status !== 200) throw new Error(`queue setup failed: ${res.status} ${await res.text()}`);
  const book = (start: string | Date, extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    ws.client.post(
      "/v4/booking",
      {
        meetingTypeId: meetingType.id,
        start: new Date(start).toISOString(),
        attendee: { email: "lead@client.test", fullname: "Lead" },
        ...extra,
      },
      headers,
    );
  return { ...ws, reps, meetingType, queue, book };
}

export const json = async <T = any>(r: Response): Promise<T> => (await r.json()) as T; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A Monday well in the future, 00:00 UTC. */
export const MONDAY = Date.parse("2030-01-07T00:00:00Z");
export const at = (hours: number) => new Date(MONDAY + hours * 3_600_000).toISOString();
export const uuid0 = "00000000-0000-4000-8000-000000000000";
