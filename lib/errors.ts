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
  | "rate_limited"
  | "idempotency_key_reused"
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
