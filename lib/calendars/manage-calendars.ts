/**
 * The use cases behind /v4/calendar and the calendar pages: list, connect, disconnect and
 * "refresh now". Who may act for whom is the caller's check (reps: only themselves); these only
 * keep to the workspace (another workspace's ids are 404). Views never hold a secret.
 */
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { calendarConnections } from "@/db/schema";
import { notFound } from "@/lib/errors";
import { newLeaseOwner } from "./claim-calendar-syncs";
import {
  connectCalendar,
  disconnectCalendar,
  listCalendarConnections,
  presentConnection,
  type CalendarConnectionView,
  type ConnectCalendarInput,
} from "./connect-calendar";
import { syncCalendarNow } from "./refresh-calendars";
import type { RequestLimits } from "./bounded-fetch";

export { connectCalendar, disconnectCalendar, listCalendarConnections };

/** The person a connection belongs to (404 outside the workspace). */
export async function calendarOwner(db: DbOrTx, workspaceId: string, connectionId: string): Promise<string> {
  const [row] = await db
    .select({ userId: calendarConnections.userId })
    .from(calendarConnections)
    .where(and(eq(calendarConnections.id, connectionId), eq(calendarConnections.workspaceId, workspaceId)));
  if (!row) throw notFound("Calendar connection", connectionId);
  return row.userId;
}

export interface RefreshResult {
  outcome: "synced" | "failed" | "already_syncing";
  message: string | null;
  calendar: CalendarConnectionView;
}

/** "Refresh now": syncs at once (bounded by the calendar request limits) unless another instance is on it. */
export async function refreshCalendar(
  db: Db,
  workspaceId: string,
  connectionId: string,
  o: { limits?: RequestLimits } = {},
): Promise<RefreshResult> {
  await calendarOwner(db, workspaceId, connectionId);
  const r = await syncCalendarNow({ db, owner: newLeaseOwner(), connectionId, limits: o.limits });
  const [row] = await db.select().from(calendarConnections).where(eq(calendarConnections.id, connectionId));
  if (!row) throw notFound("Calendar connection", connectionId);
  const outcome = r.status === "synced" ? "synced" : r.status === "failed" ? "failed" : "already_syncing";
  return { outcome, message: r.status === "failed" ? r.error.message : null, calendar: presentConnection(row) };
}

export type { ConnectCalendarInput };
