/**
 * Sync one connected calendar into the busy cache.
 *
 * Two phases, so no calendar server is ever called inside a transaction or a queue lock:
 * 1. fetch (network + parsing, no database locks): incremental where the server allows — RFC 6578
 *    sync-token, else the ctag, for a feed its ETag / Last-Modified — and a full windowed fetch when
 *    nothing was cached yet, the window must move forward (daily), or the server forgot our token;
 * 2. apply (one short transaction): only if this instance still holds the connection's lease, replace
 *    exactly the rows that changed and record the sync state, or record the failure in plain words
 *    and when to retry. Failed syncs keep the last known busy times.
 *
 * The caller claims the connection first (claim-calendar-syncs.ts), which sets the lease.
 */
import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { transact } from "@/db/transaction";
import {
  calendarBusyIntervals,
  calendarConnections,
  users,
  type CalendarConnection,
  type CalendarSyncState,
} from "@/db/schema";
import { open, SecretBoxError } from "@/lib/crypto/secret-box";
import { CalendarError, calendarError } from "./calendar-error";
import {
  fetchChangesSince,
  fetchCollectionState,
  fetchEvents,
  isCalendarChanged,
  type CaldavAccount,
  type CalendarObject,
} from "./caldav-client";
import { fetchIcsFeed } from "./fetch-ics-feed";
import { IcsParseError, parseBusyTimes } from "./parse-busy-times";
import { FULL_SYNC_EVERY_MS, SYNC_EVERY_MS, retryDelayMs, syncWindow } from "./sync-policy";
import type { RequestLimits } from "./bounded-fetch";

/** `calendar_url` / `resource_url` / sync-state key for a feed: the feed URL itself is a secret. */
export const FEED_KEY = "feed";

export const secretContext = (connectionId: string) => `calendar_connection:${connectionId}`;

export interface SyncOptions {
  db: Db;
  /** Lease holder id (claim-calendar-syncs.ts). */
  owner: string;
  now?: Date;
  limits?: RequestLimits;
}

export type SyncOutcome =
  | { status: "synced"; mode: "full" | "incremental" | "unchanged"; intervals: number; unreadable: number }
  | { status: "failed"; error: CalendarError }
  | { status: "lease_lost" };

type Row = typeof calendarBusyIntervals.$inferInsert;

interface Plan {
  mode: "full" | "incremental" | "unchanged";
  /** Replace every row of these calendars. */
  full: Array<{ calendarUrl: string; rows: Row[] }>;
  /** Replace the rows of these resources (changed: new rows; deleted: none). */
  delta: Array<{ resourceUrls: string[]; rows: Row[] }>;
  syncState: Record<string, CalendarSyncState>;
  window: { from: Date | null; to: Date | null };
  unreadable: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rowsFrom(
  connection: CalendarConnection,
  source: { calendarUrl: string; resourceUrl: string; ics: string },
  window: { from: Date; to: Date },
  timeZone: string,
): Row[] {
  const { intervals } = parseBusyTimes({ ics: source.ics, ...window, timeZone });
  return intervals.map((i) => ({
    connectionId: connection.id,
    userId: connection.userId,
    calendarUrl: source.calendarUrl,
    resourceUrl: source.resourceUrl,
    uid: i.uid,
    bookingId: UUID.test(i.uid) ? i.uid.toLowerCase() : null,
    startsAt: i.start,
    endsAt: i.end,
    allDay: i.allDay,
  }));
}

/** Parses each object on its own: one unreadable event must not hide the rest of the calendar. */
function rowsFromObjects(
  connection: CalendarConnection,
  calendarUrl: string,
  objects: CalendarObject[],
  window: { from: Date; to: Date },
  timeZone: string,
) {
  const rows: Row[] = [];
  let unreadable = 0;
  for (const o of objects) {
    try {
      rows.push(...rowsFrom(connection, { calendarUrl, resourceUrl: o.url, ics: o.data }, window, timeZone));
    } catch (e) {
      if (!(e instanceof IcsParseError)) throw e;
      unreadable++;
    }
  }
  return { rows, unreadable };
}

function fullDue(connection: CalendarConnection, state: CalendarSyncState | undefined, now: Date): boolean {
  if (!connection.cachedFrom || !connection.cachedUntil || !state?.fullSyncAt) return true;
  return now.getTime() - Date.parse(state.fullSyncAt) >= FULL_SYNC_EVERY_MS;
}

async function planCaldav(
  connection: CalendarConnection,
  secret: string,
  timeZone: string,
  now: Date,
  limits?: RequestLimits,
) {
  const account: CaldavAccount = {
    serverUrl: connection.url,
    username: connection.username ?? "",
    password: secret,
    limits,
  };
  const anyFullDue = connection.calendarUrls.some((url) => fullDue(connection, connection.syncState[url], now));
  // The window moves for all calendars together, so a due full sync refreshes them all.
  const window = anyFullDue ? syncWindow(now) : { from: connection.cachedFrom!, to: connection.cachedUntil! };
  const plan: Plan = { mode: "unchanged", full: [], delta: [], syncState: {}, window, unreadable: 0 };

  for (const calendarUrl of connection.calendarUrls) {
    const state = connection.syncState[calendarUrl] ?? {};
    if (!anyFullDue && state.syncToken) {
      try {
        const changes = await fetchChangesSince(account, calendarUrl, state.syncToken);
        plan.syncState[calendarUrl] = { ...state, syncToken: changes.syncToken ?? state.syncToken };
        if (changes.changed.length || changes.deletedUrls.length) {
          const { rows, unreadable } = rowsFromObjects(connection, calendarUrl, changes.changed, window, timeZone);
          plan.delta.push({ resourceUrls: [...changes.changed.map((o) => o.url), ...changes.deletedUrls], rows });
          plan.unreadable += unreadable;
          plan.mode = "incremental";
        }
        continue;
      } catch (e) {
        if (!(e instanceof CalendarError && e.code === "sync_token_invalid")) throw e;
      }
    } else if (!anyFullDue && state.ctag) {
      const { changed, ctag } = await isCalendarChanged(account, calendarUrl, state.ctag);
      if (!changed) {
        plan.syncState[calendarUrl] = { ...state, ctag };
        continue;
      }
    }
    // Full: read the markers first, so a change made during the fetch is picked up next time.
    const markers = await fetchCollectionState(account, calendarUrl);
    const objects = await fetchEvents(account, calendarUrl, window);
    const { rows, unreadable } = rowsFromObjects(connection, calendarUrl, objects, window, timeZone);
    plan.full.push({ calendarUrl, rows });
    plan.unreadable += unreadable;
    plan.syncState[calendarUrl] = { ...markers, fullSyncAt: now.toISOString() };
    plan.mode = "full";
  }
  if (!anyFullDue) plan.window = { from: null, to: null }; // unchanged
  return plan;
}

async function planIcs(
  connection: CalendarConnection,
  feedUrl: string,
  timeZone: string,
  now: Date,
  limits?: RequestLimits,
): Promise<Plan> {
  const state = connection.syncState[FEED_KEY] ?? {};
  const due = fullDue(connection, state, now);
  const result = await fetchIcsFeed({
    url: feedUrl,
    etag: due ? null : state.etag,
    lastModified: due ? null : state.lastModified,
    limits,
  });
  if (!result.changed)
    return {
      mode: "unchanged",
      full: [],
      delta: [],
      syncState: {},
      window: { from: null, to: null },
      unreadable: 0,
    };
  const window = syncWindow(now);
  let rows: Row[];
  try {
    rows = rowsFrom(connection, { calendarUrl: FEED_KEY, resourceUrl: FEED_KEY, ics: result.ics }, window, timeZone);
  } catch (e) {
    if (e instanceof IcsParseError)
      throw new CalendarError("invalid_data", "The feed does not contain readable calendar data");
    throw e;
  }
  return {
    mode: "full",
    full: [{ calendarUrl: FEED_KEY, rows }],
    delta: [],
    syncState: { [FEED_KEY]: { etag: result.etag, lastModified: result.lastModified, fullSyncAt: now.toISOString() } },
    window,
    unreadable: 0,
  };
}

async function insertRows(tx: Tx, rows: Row[]) {
  // 9 parameters a row: stay far below PostgreSQL's 65 535 bind parameters.
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(calendarBusyIntervals).values(rows.slice(i, i + 1000));
}

/** True when this instance still holds the lease; locks the row for the rest of the transaction. */
async function holdsLease(tx: Tx, connectionId: string, owner: string) {
  const [row] = await tx
    .select({ id: calendarConnections.id })
    .from(calendarConnections)
    .where(and(eq(calendarConnections.id, connectionId), eq(calendarConnections.leaseOwner, owner)))
    .for("update");
  return Boolean(row);
}

async function applyPlan(db: Db, connection: CalendarConnection, plan: Plan, owner: string, now: Date) {
  return transact(db, async (tx) => {
    if (!(await holdsLease(tx, connection.id, owner))) return false;
    const mine = eq(calendarBusyIntervals.connectionId, connection.id);
    for (const f of plan.full) {
      await tx.delete(calendarBusyIntervals).where(and(mine, eq(calendarBusyIntervals.calendarUrl, f.calendarUrl)));
      await insertRows(tx, f.rows);
    }
    for (const d of plan.delta) {
      await tx
        .delete(calendarBusyIntervals)
        .where(and(mine, inArray(calendarBusyIntervals.resourceUrl, d.resourceUrls)));
      await insertRows(tx, d.rows);
    }
    // Calendars deselected since the last sync no longer count.
    const kept = connection.kind === "ics" ? [FEED_KEY] : connection.calendarUrls;
    await tx
      .delete(calendarBusyIntervals)
      .where(kept.length ? and(mine, notInArray(calendarBusyIntervals.calendarUrl, kept)) : mine);
    const syncState = Object.fromEntries(
      kept.map((k) => [k, plan.syncState[k] ?? connection.syncState[k]]).filter(([, v]) => v),
    );
    await tx
      .update(calendarConnections)
      .set({
        syncState,
        ...(plan.window.from && plan.window.to ? { cachedFrom: plan.window.from, cachedUntil: plan.window.to } : {}),
        lastSyncedAt: now,
        lastErrorCode: null,
        lastError: null,
        failures: 0,
        nextSyncAt: new Date(now.getTime() + SYNC_EVERY_MS),
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: now,
      })
      .where(eq(calendarConnections.id, connection.id));
    return true;
  });
}

async function recordFailure(db: Db, connection: CalendarConnection, error: CalendarError, owner: string, now: Date) {
  const needsPerson = ["auth_failed", "not_caldav", "not_found"].includes(error.code);
  const failures = connection.failures + 1;
  const updated = await db
    .update(calendarConnections)
    .set({
      lastErrorCode: error.code,
      lastError: error.message,
      failures: sql`${calendarConnections.failures} + 1`,
      nextSyncAt: new Date(now.getTime() + retryDelayMs(failures, needsPerson)),
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: now,
    })
    .where(and(eq(calendarConnections.id, connection.id), eq(calendarConnections.leaseOwner, owner)))
    .returning({ id: calendarConnections.id });
  return updated.length > 0;
}

/** Syncs a connection this instance has claimed (its lease is `owner`). */
export async function syncCalendar(options: SyncOptions, connection: CalendarConnection): Promise<SyncOutcome> {
  const { db, owner } = options;
  const now = options.now ?? new Date();
  let plan: Plan;
  try {
    const [user] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, connection.userId));
    let secret: string;
    try {
      secret = open(connection.secretSealed, { context: secretContext(connection.id) });
    } catch (e) {
      if (!(e instanceof SecretBoxError)) throw e;
      throw new CalendarError("auth_failed", "The saved credentials can no longer be read; connect the calendar again");
    }
    plan =
      connection.kind === "caldav"
        ? await planCaldav(connection, secret, user?.timeZone ?? "UTC", now, options.limits)
        : await planIcs(connection, secret, user?.timeZone ?? "UTC", now, options.limits);
  } catch (e) {
    const error =
      e instanceof CalendarError
        ? e
        : calendarError("server_error", undefined, "the sync failed unexpectedly; it will be retried");
    if (!(e instanceof CalendarError)) console.error(`calendar sync ${connection.id} failed:`, (e as Error).name);
    return (await recordFailure(db, connection, error, owner, now))
      ? { status: "failed", error }
      : { status: "lease_lost" };
  }
  if (!(await applyPlan(db, connection, plan, owner, now))) return { status: "lease_lost" };
  const intervals =
    plan.full.reduce((n, f) => n + f.rows.length, 0) + plan.delta.reduce((n, d) => n + d.rows.length, 0);
  return { status: "synced", mode: plan.mode, intervals, unreadable: plan.unreadable };
}
