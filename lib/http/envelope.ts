import { z } from "zod";
import { AppError } from "@/lib/errors";
import { findInCauses } from "@/db/errors";
import { log } from "@/lib/log";

/** The one error shape every endpoint answers with: {error:{code,message,details}}. */
export const errorEnvelopeSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function errorResponse(status: number, code: string, message: string, details: unknown = null): Response {
  return Response.json({ error: { code, message, details } } satisfies ErrorEnvelope, { status });
}

/** zod issues as field paths a client (or a form) can show beside the field. */
export function zodDetails(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const res = errorResponse(error.status, error.code, error.message, error.details);
    for (const [name, value] of Object.entries(error.headers)) res.headers.set(name, value);
    return res;
  }
  if (error instanceof z.ZodError) {
    return errorResponse(400, "validation_failed", "The request is not valid", zodDetails(error));
  }
  if (isDatabaseUnavailable(error)) {
    // Failover or restart in progress: nothing was committed, the client may retry.
    const res = errorResponse(503, "unavailable", "The database is briefly unavailable; retry the request");
    res.headers.set("retry-after", "1");
    return res;
  }
  log.error("unexpected error", error);
  return errorResponse(500, "internal_error", "Something went wrong on our side");
}

/** Connection-level failures (server restarting, connection lost), as opposed to a bug. */
function isDatabaseUnavailable(error: unknown): boolean {
  return (
    findInCauses(error, (e) => {
      const code = String(e.code ?? "");
      const down = /^(08|57P0)/.test(code) || CONNECTION_LOST.includes(code);
      return down ? true : undefined;
    }) ?? false
  );
}

const CONNECTION_LOST = [
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
];
