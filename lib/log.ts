/**
 * The one logger of the server: one JSON line per entry, personal data removed. Database
 * errors carry the query's bound values (attendee emails and names) in `params` and key values
 * in `detail`; those fields are dropped, known personal fields are masked, and any email
 * address left in free text is replaced.
 */
type Level = "error" | "warn" | "info";

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** drizzle appends the bound values to its error message and stack: "…\nparams: a,b,c". */
const PARAMS_LINE = /\nparams: [^\n]*/g;
/** Fields that hold personal data or secrets, wherever they appear. */
const MASKED = new Set([
  "email",
  "attendeeemail",
  "attendee_email",
  "attendee",
  "fullname",
  "name",
  "attendeename",
  "attendee_name",
  "password",
  "passwordhash",
  "authorization",
  "cookie",
  "key",
  "secret",
  "token",
]);
/** Fields of driver errors that echo the request's values. */
const DROPPED = new Set(["params", "parameters", "detail", "where", "body"]);
const MAX_DEPTH = 5;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(PARAMS_LINE, "\nparams: [redacted]").replace(EMAIL, "[email]");
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[…]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  const source: Record<string, unknown> =
    value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : {};
  for (const k of Object.keys(value)) source[k] = (value as Record<string, unknown>)[k];
  if (value instanceof Error && value.cause !== undefined) source.cause = value.cause;
  for (const [k, v] of Object.entries(source)) {
    if (v === undefined || DROPPED.has(k.toLowerCase())) continue;
    const personal = MASKED.has(k.toLowerCase()) && !(value instanceof Error && k === "name");
    out[k] = personal ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}

function write(level: Level, message: string, data?: unknown) {
  const line = JSON.stringify({
    level,
    time: new Date().toISOString(),
    msg: redact(message),
    ...(data === undefined ? {} : { data: redact(data) }),
  });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.info(line);
}

export const log = {
  error: (message: string, data?: unknown) => write("error", message, data),
  warn: (message: string, data?: unknown) => write("warn", message, data),
  info: (message: string, data?: unknown) => write("info", message, data),
};
