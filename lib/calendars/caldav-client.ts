/**
 * CalDAV (RFC 4791) through tsdav: discovery, reading events in a window, incremental sync
 * (ctag and RFC 6578 sync-token), and writing Baton's own events. Every call takes the account and
 * returns plain data or throws a CalendarError with a message in plain words; nothing is cached
 * here, so any app instance can call any function.
 */
import {
  calendarMultiGet,
  createAccount,
  deleteObject,
  calendarQuery,
  fetchCalendars,
  getBasicAuthHeaders,
  isCollectionDirty,
  propfind,
  syncCollection,
  updateObject,
  type DAVAccount,
} from "tsdav";
import { calendarError, CalendarError } from "./calendar-error";
import { createBudget, errorForStatus, toCalendarError, type Budget, type RequestLimits } from "./bounded-fetch";

export interface CaldavAccount {
  serverUrl: string;
  username: string;
  /** The app password, decrypted just for this call. */
  password: string;
  limits?: RequestLimits;
}

export interface RemoteCalendar {
  url: string;
  displayName: string;
  ctag: string | null;
  syncToken: string | null;
  /** Server supports RFC 6578 sync-collection, so changes can be fetched incrementally. */
  supportsSyncCollection: boolean;
  /** Server's description of the calendar's own zone (VTIMEZONE text), when it gives one. */
  timeZone: string | null;
}

export interface CalendarObject {
  url: string;
  etag: string | null;
  /** The iCalendar text of the resource (a VCALENDAR with one UID's components). */
  data: string;
}

export interface CollectionState {
  ctag: string | null;
  syncToken: string | null;
}

export interface SyncChanges {
  changed: CalendarObject[];
  deletedUrls: string[];
  syncToken: string | null;
}

/** Runs one operation with its own budget, turning every failure into a CalendarError. */
async function withBudget<T>(
  account: CaldavAccount,
  op: (ctx: { budget: Budget; headers: Record<string, string> }) => Promise<T>,
  /** For errors the library threw without a status we saw; defaults to the last HTTP error status. */
  fallback?: CalendarError,
): Promise<T> {
  const budget = createBudget(account.limits);
  const headers = getBasicAuthHeaders({ username: account.username, password: account.password });
  try {
    return await op({ budget, headers });
  } catch (e) {
    const mapped = toCalendarError(e, budget);
    if (mapped) throw mapped;
    if (fallback) throw fallback;
    throw budget.lastErrorStatus ? errorForStatus(budget.lastErrorStatus) : calendarError("invalid_data");
  }
}

function checkUrl(serverUrl: string): URL {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw calendarError("not_caldav", undefined, "the address is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw calendarError("not_caldav", undefined, "the address must start with https://");
  return url;
}

const text = (v: unknown): string | null => {
  if (v == null) return null;
  if (typeof v === "object" && v && "_cdata" in v) return String((v as { _cdata: unknown })._cdata);
  if (typeof v === "object") return null;
  return String(v);
};

function objectFrom(o: { url: string; etag?: string; data?: unknown }): CalendarObject | null {
  const data = text(o.data);
  return data ? { url: o.url, etag: o.etag ?? null, data } : null;
}

/** Logs in (principal → calendar home) and lists the calendars that can hold events. */
export async function discoverCalendars(account: CaldavAccount): Promise<RemoteCalendar[]> {
  checkUrl(account.serverUrl);
  return withBudget(
    account,
    async ({ budget, headers }) => {
      const dav: DAVAccount = await createAccount({
        account: { serverUrl: account.serverUrl, accountType: "caldav" },
        headers,
        fetch: budget.fetch,
      });
      const calendars = await fetchCalendars({ account: dav, headers, fetch: budget.fetch });
      return calendars
        .filter((c) => !c.components?.length || c.components.includes("VEVENT"))
        .map((c) => ({
          url: c.url,
          displayName: text(c.displayName) ?? new URL(c.url).pathname,
          ctag: text(c.ctag),
          syncToken: text(c.syncToken),
          supportsSyncCollection: Array.isArray(c.reports) && c.reports.includes("syncCollection"),
          timeZone: text(c.timezone) || null,
        }));
    },
    calendarError("not_caldav"),
  );
}

const davTime = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;

/**
 * Events whose time overlaps [from, to) (one calendar-query REPORT with a time-range filter and the
 * calendar data inline), with ETags. Called directly rather than through tsdav's fetchCalendarObjects,
 * which hides a failed REPORT behind an empty list: a deleted calendar must not look like a free one.
 */
export async function fetchEvents(
  account: CaldavAccount,
  calendarUrl: string,
  window: { from: Date; to: Date },
): Promise<CalendarObject[]> {
  return withBudget(account, async ({ budget, headers }) => {
    const responses = await calendarQuery({
      url: calendarUrl,
      props: { "d:getetag": {}, "c:calendar-data": {} },
      filters: {
        "comp-filter": {
          _attributes: { name: "VCALENDAR" },
          "comp-filter": {
            _attributes: { name: "VEVENT" },
            "time-range": { _attributes: { start: davTime(window.from), end: davTime(window.to) } },
          },
        },
      },
      depth: "1",
      headers,
      fetch: budget.fetch,
    });
    const failed = responses.find((r) => !r.ok && (!r.href || sameResource(r.href, calendarUrl)));
    if (failed) throw errorForStatus(failed.status ?? 500);
    // A 200 that is not a WebDAV multistatus (a login page, a website) must not read as an empty calendar.
    if (responses.some((r) => !(r.raw && typeof r.raw === "object" && "multistatus" in r.raw)))
      throw calendarError("not_caldav");
    const objects: CalendarObject[] = [];
    for (const r of responses) {
      if (!r.ok || !r.href || sameResource(r.href, calendarUrl)) continue;
      const object = objectFrom({
        url: new URL(r.href, calendarUrl).href,
        etag: text(r.props?.getetag) ?? undefined,
        data: r.props?.calendarData,
      });
      if (object) objects.push(object);
    }
    return objects;
  });
}

/** The collection's change markers (ctag and sync-token), one small PROPFIND. */
export async function fetchCollectionState(account: CaldavAccount, calendarUrl: string): Promise<CollectionState> {
  return withBudget(account, async ({ budget, headers }) => {
    const [res] = await propfind({
      url: calendarUrl,
      props: { "cs:getctag": {}, "d:sync-token": {} },
      depth: "0",
      headers,
      fetch: budget.fetch,
    });
    if (!res?.ok) throw errorForStatus(res?.status ?? 500);
    if (!(res.raw && typeof res.raw === "object" && "multistatus" in res.raw)) throw calendarError("not_caldav");
    return { ctag: text(res.props?.getctag), syncToken: text(res.props?.syncToken) };
  });
}

/** True when the ctag differs from the one stored (or either is unknown): something changed. */
export async function isCalendarChanged(account: CaldavAccount, calendarUrl: string, ctag: string | null) {
  return withBudget(account, async ({ budget, headers }) => {
    const { isDirty, newCtag } = await isCollectionDirty({
      collection: { url: calendarUrl, ctag: ctag ?? undefined },
      headers,
      fetch: budget.fetch,
    });
    return { changed: isDirty, ctag: newCtag ?? null };
  });
}

const isMultistatus = (raw: unknown) => Boolean(raw && typeof raw === "object" && "multistatus" in raw);

/**
 * Changes since `syncToken` (RFC 6578): changed resources with their data, and deleted URLs.
 * Throws `sync_token_invalid` when the server has forgotten the token; start over with a full fetch.
 *
 * Built from tsdav's sync-collection and multiget REPORTs rather than its smartCollectionSync, which
 * only looks at hrefs ending in ".ics": a server that names resources otherwise would have its changes
 * silently dropped. Truncated answers (507 on the collection, RFC 6578 §3.6) are continued.
 */
export async function fetchChangesSince(
  account: CaldavAccount,
  calendarUrl: string,
  syncToken: string,
): Promise<SyncChanges> {
  return withBudget(account, async ({ budget, headers }) => {
    const changedUrls = new Set<string>();
    const deleted = new Set<string>();
    let token = syncToken;
    for (let page = 0; page < 20; page++) {
      const responses = await syncCollection({
        url: calendarUrl,
        props: { "d:getetag": {} },
        syncLevel: 1,
        syncToken: token,
        headers,
        fetch: budget.fetch,
      });
      const first = responses[0];
      if (!isMultistatus(first?.raw)) {
        // 403 (the RFC's answer) is thrown by the fetch already; others answer 400/409/412 for a stale token.
        const status = first?.status ?? 500;
        if (status >= 400 && status < 500 && status !== 404) throw calendarError("sync_token_invalid", status);
        throw status === 200 ? calendarError("not_caldav") : errorForStatus(status);
      }
      let truncated = false;
      for (const r of responses) {
        if (!r.href) continue;
        const url = new URL(r.href, calendarUrl).href;
        if (sameResource(url, calendarUrl)) {
          truncated ||= r.status === 507;
          continue;
        }
        if (url.endsWith("/")) continue; // a sub-collection, not an event
        if (r.status === 404 || r.status === 410) {
          deleted.add(url);
          changedUrls.delete(url);
        } else if (r.ok) {
          changedUrls.add(url);
          deleted.delete(url);
        }
      }
      const next = text((first.raw as { multistatus?: { syncToken?: unknown } }).multistatus?.syncToken);
      if (next) token = next;
      if (!truncated || !next) break;
    }

    const changed: CalendarObject[] = [];
    const urls = [...changedUrls];
    for (let i = 0; i < urls.length; i += 100) {
      const responses = await calendarMultiGet({
        url: calendarUrl,
        props: { "d:getetag": {}, "c:calendar-data": {} },
        objectUrls: urls.slice(i, i + 100).map((u) => new URL(u).pathname),
        depth: "1",
        headers,
        fetch: budget.fetch,
      });
      if (!responses.every((r) => isMultistatus(r.raw))) throw calendarError("not_caldav");
      for (const r of responses) {
        if (!r.href) continue;
        const url = new URL(r.href, calendarUrl).href;
        if (r.status === 404) deleted.add(url); // deleted between the two requests
        const object = r.ok
          ? objectFrom({ url, etag: text(r.props?.getetag) ?? undefined, data: r.props?.calendarData })
          : null;
        if (object) changed.push(object);
      }
    }
    return { changed, deletedUrls: [...deleted], syncToken: token };
  });
}

function sameResource(a: string, b: string) {
  const path = (u: string) => decodeURIComponent(new URL(u, "http://x").pathname).replace(/\/+$/, "");
  return path(a) === path(b);
}

/** Resource URL of Baton's event for a UID: `<calendar>/<uid>.ics`. */
export function eventUrl(calendarUrl: string, uid: string): string {
  return new URL(`${encodeURIComponent(uid)}.ics`, calendarUrl.endsWith("/") ? calendarUrl : `${calendarUrl}/`).href;
}

/**
 * Creates or replaces Baton's event (idempotent, so an outbox retry after a lost answer is harmless).
 * With `etag`, only replaces that exact version (412 → `conflict`).
 */
export async function putEvent(
  account: CaldavAccount,
  params: { calendarUrl: string; uid: string; ics: string; etag?: string | null },
): Promise<{ url: string; etag: string | null }> {
  const url = eventUrl(params.calendarUrl, params.uid);
  return withBudget(account, async ({ budget, headers }) => {
    const res = await updateObject({
      url,
      data: params.ics,
      etag: params.etag ?? undefined,
      headers: { ...headers, "content-type": "text/calendar; charset=utf-8" },
      fetch: budget.fetch,
    });
    if (!res.ok) throw errorForStatus(res.status);
    return { url, etag: res.headers.get("etag") };
  });
}

/** Deletes Baton's event; an event that is already gone counts as deleted. */
export async function deleteEvent(
  account: CaldavAccount,
  params: { calendarUrl: string; uid: string; etag?: string | null },
): Promise<void> {
  return withBudget(account, async ({ budget, headers }) => {
    const res = await deleteObject({
      url: eventUrl(params.calendarUrl, params.uid),
      etag: params.etag ?? undefined,
      headers,
      fetch: budget.fetch,
    });
    if (!res.ok && res.status !== 404 && res.status !== 410) throw errorForStatus(res.status);
  });
}
