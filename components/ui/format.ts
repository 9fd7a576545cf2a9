/** Small display helpers shared by dashboard pages (server and client). */
export const pct = (x: number) => `${Math.round(x * 100)}%`;

export function formatDateTime(iso: string | Date, timeZone?: string) {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
}

export function formatDate(iso: string | Date, timeZone?: string) {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(new Date(iso));
}

export const minuteLabel = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

export const WEEKDAY_SHORT = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Error details from an ActionResult as { "settings.users.0.weight": "must be …" }. */
export function fieldErrors(details: unknown): Record<string, string> {
  if (!Array.isArray(details)) return {};
  const out: Record<string, string> = {};
  for (const d of details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.path === "string" && typeof d.message === "string" && !(d.path in out))
      out[d.path] = humanize(d.message);
  }
  return out;
}

function humanize(message: string) {
  const big = /^Too big: expected number to be <=?\s*(\S+)/.exec(message);
  if (big) return `must be at most ${big[1]}`;
  const small = /^Too small: expected number to be >=?\s*(\S+)/.exec(message);
  if (small) return `must be at least ${small[1]}`;
  if (/expected int/i.test(message)) return "must be a whole number";
  if (/expected number/i.test(message)) return "must be a number";
  return message;
}

const ISO_MINUTE = String.raw`(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z`;
const ISO_RANGE = new RegExp(`${ISO_MINUTE} - ${ISO_MINUTE}`, "g");
const ISO_ONE = new RegExp(ISO_MINUTE, "g");
const timeOnly = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone }).format(new Date(iso));

/**
 * Routing reasons carry UTC instants ("busy: existing booking 2026-12-01T15:20Z - 2026-12-01T16:00Z"), as the
 * API gives them. On a page they are written in the workspace's zone and labelled with it:
 * "busy: existing booking 1 Dec 2026, 16:20–17:00 (Europe/Berlin)".
 */
export function localizeTimes(text: string, timeZone: string): string {
  return text
    .replace(ISO_RANGE, (_m, d1: string, t1: string, d2: string, t2: string) => {
      const start = `${d1}T${t1}Z`;
      const end = `${d2}T${t2}Z`;
      const sameDay = formatDate(start, timeZone) === formatDate(end, timeZone);
      const to = sameDay ? timeOnly(end, timeZone) : formatDateTime(end, timeZone);
      return `${formatDateTime(start, timeZone)}–${to} (${timeZone})`;
    })
    .replace(ISO_ONE, (_m, d: string, t: string) => `${formatDateTime(`${d}T${t}Z`, timeZone)} (${timeZone})`);
}
