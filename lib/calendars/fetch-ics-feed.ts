/**
 * Read-only calendar feeds (the "secret address" Google and Outlook give out): one GET with a
 * timeout and a size limit, conditional on the last ETag / Last-Modified so an unchanged feed costs
 * a 304 and no parsing. The text then goes through the same parser as CalDAV data.
 */
import { calendarError, CalendarError } from "./calendar-error";
import { createBudget, toCalendarError, type RequestLimits } from "./bounded-fetch";

export interface FetchIcsFeedOptions {
  url: string;
  /** Validators from the previous successful fetch. */
  etag?: string | null;
  lastModified?: string | null;
  limits?: RequestLimits;
}

export type IcsFeedResult =
  { changed: false } | { changed: true; ics: string; etag: string | null; lastModified: string | null };

export const ICS_FEED_LIMITS: RequestLimits = {
  requestTimeoutMs: 10_000,
  operationTimeoutMs: 15_000,
  maxBytes: 10 * 1024 * 1024,
};

/** `webcal://` (what "subscribe" links use) is plain HTTPS underneath. */
export function normalizeFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim().replace(/^webcals?:\/\//i, "https://"));
  } catch {
    throw new CalendarError("invalid_data", "The feed address is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new CalendarError("invalid_data", "The feed address must start with https:// or webcal://");
  return url;
}

export async function fetchIcsFeed(options: FetchIcsFeedOptions): Promise<IcsFeedResult> {
  const url = normalizeFeedUrl(options.url);
  const budget = createBudget({ ...ICS_FEED_LIMITS, ...options.limits });
  const headers: Record<string, string> = { accept: "text/calendar, */*;q=0.5" };
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  try {
    const res = await budget.fetch(url, { headers, redirect: "follow" });
    if (res.status === 304) {
      await res.body?.cancel();
      return { changed: false };
    }
    if (res.status === 404 || res.status === 410)
      throw new CalendarError("not_found", "The feed address no longer exists (it may have been reset)", res.status);
    if (!res.ok) throw calendarError("server_error", res.status, `HTTP ${res.status}`);
    const ics = await res.text();
    if (!/BEGIN:VCALENDAR/i.test(ics.slice(0, 4096)))
      throw new CalendarError("invalid_data", "This address does not return an iCalendar feed");
    return { changed: true, ics, etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified") };
  } catch (e) {
    if (e instanceof CalendarError && !budget.failure) throw e;
    const error = toCalendarError(e, budget) ?? calendarError("unreachable");
    // A feed has no password: a refusal means the secret address itself is no longer valid.
    if (error.code === "auth_failed")
      throw new CalendarError(
        "auth_failed",
        "The server refused this feed address (it may have been reset)",
        error.status,
      );
    throw error;
  }
}
