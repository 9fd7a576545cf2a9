import { z } from "zod";
import { AppError, temporaryDatabaseFailure } from "@/lib/errors";
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
  const known = error instanceof AppError ? error : temporaryDatabaseFailure(error);
  if (known) {
    const res = errorResponse(known.status, known.code, known.message, known.details);
    for (const [name, value] of Object.entries(known.headers)) res.headers.set(name, value);
    return res;
  }
  if (error instanceof z.ZodError) {
    return errorResponse(400, "validation_failed", "The request is not valid", zodDetails(error));
  }
  log.error("unexpected error", error);
  return errorResponse(500, "internal_error", "Something went wrong on our side");
}
