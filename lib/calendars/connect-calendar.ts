/**
 * Connecting a person's calendar, and what may be shown about a connection.
 *
 * The credentials are checked against the server first (outside any transaction), so a wrong app
 * password or a dead feed address is a 422 with the reason in plain words and nothing is saved.
 * The secret is sealed with the connection id as context; the view never contains it.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { calendarConnections, users, type CalendarConnection } from "@/db/schema";
import { notFound, unprocessable } from "@/lib/errors";
import { open, seal, SecretBoxError } from "@/lib/crypto/secret-box";
import { CalendarError } from "./calendar-error";
import { discoverCalendars, type RemoteCalendar } from "./caldav-client";
import { fetchIcsFeed, normalizeFeedUrl } from "./fetch-ics-feed";
import { IcsParseError, parseBusyTimes } from "./parse-busy-times";
import { secretContext } from "./sync-calendar";
import { STALE_AFTER_MS, syncWindow } from "./sync-policy";
import type { RequestLimits } from "./bounded-fetch";

const httpUrl = z
  .string()
  .trim()
  .min(1, "Enter the address")
  .max(2000)
  .refine((v) => /^(https?|webcals?):\/\//i.test(v) && URL.canParse(v.replace(/^webcals?:/i, "https:")), {
    message: "Enter a full address starting with https://",
  });

export const connectCalendarInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("caldav"),
    serverUrl: httpUrl,
    username: z.string().trim().min(1, "Enter the username").max(320),
    password: z.string().min(1, "Enter the app password").max(1000),
    /** Which of the discovered calendars count as busy; all by default. */
    calendarUrls: z.array(z.string().url()).max(50).optional(),
    /** Where bookings are written; the first discovered calendar by default. */
    writeCalendarUrl: z.string().url().nullable().optional(),
  }),
  z.object({ kind: z.literal("ics"), url: httpUrl }),
]);
export type ConnectCalendarInput = z.infer<typeof connectCalendarInput>;

export interface CalendarConnectionView {
  id: string;
  userId: string;
  kind: CalendarConnection["kind"];
  /** The CalDAV server, or only the host of a feed (the full feed address is a secret). */
  url: string;
  username: string | null;
  calendarUrls: string[];
  writeCalendarUrl: string | null;
  enabled: boolean;
  lastSyncedAt: string | null;
  lastError: string | null;
  /** No successful sync for longer than the cache is trusted to be current. */
  stale: boolean;
}

export function presentConnection(c: CalendarConnection, now = new Date()): CalendarConnectionView {
  return {
    id: c.id,
    userId: c.userId,
    kind: c.kind,
    url: c.url,
    username: c.username,
    calendarUrls: c.calendarUrls,
    writeCalendarUrl: c.writeCalendarUrl,
    enabled: c.enabled,
    lastSyncedAt: c.lastSyncedAt?.toISOString() ?? null,
    lastError: c.lastError,
    stale: !c.lastSyncedAt || now.getTime() - c.lastSyncedAt.getTime() > STALE_AFTER_MS,
  };
}

/** A calendar failure as a 422 the form can show next to the field it concerns. */
function rejected(error: CalendarError, field: string) {
  const fieldFor: Partial<Record<CalendarError["code"], string>> = { auth_failed: "password" };
  return unprocessable(error.message, { field: fieldFor[error.code] ?? field, reason: error.code });
}

async function requireWorkspaceUser(db: DbOrTx, workspaceId: string, userId: string) {
  const [user] = await db
    .select({ id: users.id, timeZone: users.timeZone })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.workspaceId, workspaceId)));
  if (!user) throw notFound("User", userId);
  return user;
}

function pickCalendars(found: RemoteCalendar[], input: Extract<ConnectCalendarInput, { kind: "caldav" }>) {
  const known = new Set(found.map((c) => c.url));
  const calendarUrls = input.calendarUrls ?? found.map((c) => c.url);
  const unknown = calendarUrls.find((u) => !known.has(u));
  if (unknown)
    throw unprocessable("This calendar was not found on the server", { field: "calendarUrls", url: unknown });
  const writeCalendarUrl = input.writeCalendarUrl === undefined ? (found[0]?.url ?? null) : input.writeCalendarUrl;
  if (writeCalendarUrl && !known.has(writeCalendarUrl))
    throw unprocessable("This calendar was not found on the server", { field: "writeCalendarUrl" });
  return { calendarUrls, writeCalendarUrl };
}

export async function connectCalendar(ctx: {
  db: Db;
  workspaceId: string;
  userId: string;
  input: ConnectCalendarInput;
  limits?: RequestLimits;
  now?: Date;
}): Promise<CalendarConnectionView> {
  const { db, workspaceId, userId, input } = ctx;
  const user = await requireWorkspaceUser(db, workspaceId, userId);
  const id = randomUUID();
  let values: typeof calendarConnections.$inferInsert;

  if (input.kind === "caldav") {
    let found: RemoteCalendar[];
    try {
      found = await discoverCalendars({ ...input, limits: ctx.limits });
    } catch (e) {
      if (e instanceof CalendarError) throw rejected(e, "serverUrl");
      throw e;
    }
    if (found.length === 0) throw unprocessable("This account has no calendar for events", { field: "serverUrl" });
    values = {
      id,
      workspaceId,
      userId,
      kind: "caldav",
      url: input.serverUrl,
      username: input.username,
      secretSealed: seal(input.password, { context: secretContext(id) }),
      ...pickCalendars(found, input),
    };
  } else {
    let feedUrl: URL;
    try {
      feedUrl = normalizeFeedUrl(input.url);
      const feed = await fetchIcsFeed({ url: feedUrl.href, limits: ctx.limits });
      if (feed.changed)
        parseBusyTimes({ ics: feed.ics, ...syncWindow(ctx.now ?? new Date()), timeZone: user.timeZone });
    } catch (e) {
      if (e instanceof CalendarError) throw rejected(e, "url");
      if (e instanceof IcsParseError)
        throw unprocessable("The feed does not contain readable calendar data", { field: "url" });
      throw e;
    }
    values = {
      id,
      workspaceId,
      userId,
      kind: "ics",
      url: `${feedUrl.protocol}//${feedUrl.host}/…`,
      secretSealed: seal(feedUrl.href, { context: secretContext(id) }),
    };
  }
  // Due at once: the first sync fills the cache.
  const now = ctx.now ?? new Date();
  const [row] = await db
    .insert(calendarConnections)
    .values({ ...values, nextSyncAt: now, createdAt: now, updatedAt: now })
    .returning();
  return presentConnection(row, now);
}

export async function listCalendarConnections(
  db: DbOrTx,
  workspaceId: string,
  userId: string,
): Promise<CalendarConnectionView[]> {
  await requireWorkspaceUser(db, workspaceId, userId);
  const rows = await db
    .select()
    .from(calendarConnections)
    .where(and(eq(calendarConnections.userId, userId), eq(calendarConnections.workspaceId, workspaceId)))
    .orderBy(asc(calendarConnections.createdAt));
  return rows.map((r) => presentConnection(r));
}

export const updateCalendarInput = z.object({
  enabled: z.boolean().optional(),
  /** A new app password (checked against the server before it is saved). */
  password: z.string().min(1, "Enter the app password").max(1000).optional(),
  calendarUrls: z.array(z.string().url()).max(50).optional(),
  writeCalendarUrl: z.string().url().nullable().optional(),
});
export type UpdateCalendarInput = z.infer<typeof updateCalendarInput>;

async function requireConnection(db: DbOrTx, workspaceId: string, connectionId: string) {
  const [row] = await db
    .select()
    .from(calendarConnections)
    .where(and(eq(calendarConnections.id, connectionId), eq(calendarConnections.workspaceId, workspaceId)));
  if (!row) throw notFound("Calendar connection", connectionId);
  return row;
}

/**
 * Changes a connection: pause or resume it, replace the app password, choose calendars. Anything that
 * needs the server is checked first; the connection is then due at once, so the cache follows.
 */
export async function updateCalendarConnection(ctx: {
  db: Db;
  workspaceId: string;
  connectionId: string;
  input: UpdateCalendarInput;
  limits?: RequestLimits;
  now?: Date;
}): Promise<CalendarConnectionView> {
  const { db, input } = ctx;
  const now = ctx.now ?? new Date();
  const current = await requireConnection(db, ctx.workspaceId, ctx.connectionId);
  const changes: Partial<typeof calendarConnections.$inferInsert> = { updatedAt: now, nextSyncAt: now };
  if (input.enabled !== undefined) changes.enabled = input.enabled;
  const touchesServer =
    input.password !== undefined || input.calendarUrls !== undefined || input.writeCalendarUrl !== undefined;
  if (touchesServer) {
    if (current.kind !== "caldav")
      throw unprocessable("A feed has no password or calendars to choose", { field: "kind" });
    let password: string;
    try {
      password = input.password ?? open(current.secretSealed, { context: secretContext(current.id) });
    } catch (e) {
      if (!(e instanceof SecretBoxError)) throw e;
      throw unprocessable("The saved password can no longer be read; enter it again", { field: "password" });
    }
    let found: RemoteCalendar[];
    try {
      found = await discoverCalendars({
        serverUrl: current.url,
        username: current.username ?? "",
        password,
        limits: ctx.limits,
      });
    } catch (e) {
      if (e instanceof CalendarError) throw rejected(e, input.password !== undefined ? "password" : "calendarUrls");
      throw e;
    }
    const picked = pickCalendars(found, {
      kind: "caldav",
      serverUrl: current.url,
      username: current.username ?? "",
      password,
      calendarUrls: input.calendarUrls ?? current.calendarUrls.filter((u) => found.some((c) => c.url === u)),
      writeCalendarUrl: input.writeCalendarUrl === undefined ? current.writeCalendarUrl : input.writeCalendarUrl,
    });
    Object.assign(changes, picked);
    if (input.password !== undefined) {
      changes.secretSealed = seal(input.password, { context: secretContext(current.id) });
      Object.assign(changes, { failures: 0, lastError: null, lastErrorCode: null });
    }
  }
  const [row] = await db
    .update(calendarConnections)
    .set(changes)
    .where(eq(calendarConnections.id, current.id))
    .returning();
  return presentConnection(row, now);
}

/** Removes a connection and its cached busy time (Baton's events already written stay in the calendar). */
export async function disconnectCalendar(db: DbOrTx, workspaceId: string, connectionId: string): Promise<void> {
  await requireConnection(db, workspaceId, connectionId);
  await db.delete(calendarConnections).where(eq(calendarConnections.id, connectionId));
}
