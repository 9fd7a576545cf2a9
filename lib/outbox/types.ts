import type { DbHandle } from "@/db/client";
import type { OutboxJob } from "@/db/schema";
import { findInCauses } from "@/db/errors";

export interface JobContext {
  /** The app's database; use boundedTransaction(ctx.handle, …) for writes that belong together. */
  handle: Pick<DbHandle, "db" | "kind">;
  /** Aborted when the worker stops or the handler runs past its time budget. */
  signal: AbortSignal;
}

export interface JobHandler {
  run(job: OutboxJob, ctx: JobContext): Promise<void>;
  /** Called once when the job is given up (too old, or a PermanentJobError), to record the outcome. */
  onDead?(job: OutboxJob, ctx: JobContext, error: string): Promise<void>;
  /** Give up after this long (default 30 h). */
  maxAgeMs?: number;
  /** Retry delay for the given attempt number (default: exponential with jitter, lib/outbox/backoff.ts). */
  retryDelayMs?(attempts: number): number;
}

export type JobHandlers = Record<string, JobHandler>;

/** Thrown by a handler when retrying cannot help (the job is marked dead at once). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** Thrown by a handler to retry at a chosen delay instead of the default schedule. */
export class RetryJobError extends Error {
  constructor(
    message: string,
    readonly delayMs?: number,
  ) {
    super(message);
    this.name = "RetryJobError";
  }
}

/**
 * A log- and database-safe description of an error: its kind, a PostgreSQL code when there is one,
 * and the message without the DETAIL part (where PostgreSQL quotes row values).
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  // The innermost code along the cause chain (the driver's, under drizzle's wrapper).
  let code: string | undefined;
  findInCauses(error, ({ code: c }) => {
    if (typeof c === "string") code = c;
    return undefined;
  });
  const msg = error.message.split("\n")[0].slice(0, 200);
  return code ? `${error.name} ${code}: ${msg}` : `${error.name}: ${msg}`;
}
