/** Client helpers to use server actions (ActionResult) with react-query, which wants throw-on-error. */
import type { ActionResult } from "@/lib/http/action";
import { fieldErrors } from "./format";

export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "ActionError";
  }
  /** Field messages keyed by zod path ("settings.users.0.weight"). */
  get fields() {
    return fieldErrors(this.details);
  }
}

export async function unwrap<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new ActionError(r.error.code, r.error.message, r.error.details);
  return r.data;
}

export const errorMessage = (e: unknown) =>
  e instanceof ActionError ? e.message : "Something went wrong; please try again.";
