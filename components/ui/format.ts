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
