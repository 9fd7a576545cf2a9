import { z } from "zod";
import type { Role } from "@/db/schema";
import { requireActionViewer, viewerContext, type Viewer } from "@/lib/auth/session";
import type { UseCaseContext } from "@/lib/context";
import { AppError, temporaryDatabaseFailure } from "@/lib/errors";
import { plainIssues } from "./plain-words";
import { log } from "@/lib/log";

/** What every server action returns: data, or the same error envelope the API uses. */
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string; details: unknown } };

/**
 * Runs a server action body after checking the session and role on the server
 * (never trusting the menu), validating the input with zod (once: use cases trust it), building
 * the use-case context once, and mapping failures. Validation messages are in plain words (plainIssues).
 */
export async function runAction<S extends z.ZodType, T>(
  roles: Role[] | undefined,
  schema: S,
  input: unknown,
  body: (viewer: Viewer, input: z.infer<S>, ctx: UseCaseContext) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    const viewer = await requireActionViewer(roles);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: "validation_failed",
          message: "Please correct the highlighted fields",
          details: plainIssues(parsed.error),
        },
      };
    }
    return { ok: true, data: await body(viewer, parsed.data, viewerContext(viewer)) };
  } catch (caught) {
    const e = temporaryDatabaseFailure(caught) ?? caught;
    if (e instanceof AppError) return { ok: false, error: { code: e.code, message: e.message, details: e.details } };
    if (e instanceof z.ZodError)
      return {
        ok: false,
        error: { code: "validation_failed", message: "Please correct the highlighted fields", details: plainIssues(e) },
      };
    log.error("action failed", e);
    return {
      ok: false,
      error: { code: "internal_error", message: "Something went wrong; nothing was changed", details: null },
    };
  }
}
