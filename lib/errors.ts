import { PG, findInCauses } from "@/db/errors";

/** Errors the services raise on purpose; route handlers and actions map them to the envelope. */
export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "host_unavailable"
  | "no_eligible_host"
  | "unprocessable"
  | "payload_too_large"
  | "unsupported_media_type"
  | "method_not_allowed"
  | "busy"
  | "unavailable"
  | "rate_limited"
  | "idempotency_key_reused"
  | "precondition_failed"
  | "internal_error";

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = null,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  /** Seconds from the Retry-After header, when the request may succeed if repeated then. */
  get retryAfterSeconds(): number | undefined {
    const value = this.headers["retry-after"];
    return value === undefined ? undefined : Number(value);
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, "bad_request", message, details);
export const unauthorized = (message = "Missing or invalid API key") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "You are not allowed to do this") => new AppError(403, "forbidden", message);
export const notFound = (what: string, id?: string) =>
  new AppError(404, "not_found", `${what} not found`, id ? { id } : null);
export const conflict = (message: string, details?: unknown, code: ErrorCode = "conflict") =>
  new AppError(409, code, message, details);
export const unprocessable = (message: string, details?: unknown) =>
  new AppError(422, "unprocessable", message, details);
/** 412: the client's If-Match names a version that is no longer current; details say what changed since. */
export const preconditionFailed = (message: string, details?: unknown) =>
  new AppError(412, "precondition_failed", message, details);
/** 503: overloaded or briefly unreachable; nothing was changed and the same request may be retried. */
export const unavailable = (message: string, code: "busy" | "unavailable" = "unavailable", retryAfterSeconds = 1) =>
  new AppError(503, code, message, null, { "retry-after": String(retryAfterSeconds) });

const CONNECTION_LOST = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * A database failure that is about load or availability rather than the request: a lock not granted
 * within lock_timeout, a statement over statement_timeout, a lost or refused connection, a server
 * restarting. Each rolled back whatever it was doing, so it maps to a 503 the client may retry.
 */
export function temporaryDatabaseFailure(error: unknown): AppError | undefined {
  return findInCauses(error, ({ code: raw }) => {
    const code = String(raw ?? "");
    if (code === PG.lockNotAvailable)
      return unavailable("The queue is busy with other bookings; retry in a moment", "busy");
    if (code === PG.queryCanceled) return unavailable("The database took too long to answer; retry the request");
    // 08: connection exception, 57P0x: shutdown, crash or not accepting connections yet, 53300: too many connections
    if (/^(08|57P0)/.test(code) || code === "53300" || CONNECTION_LOST.has(code))
      return unavailable("The database is briefly unavailable; retry the request");
    return undefined;
  });
}
