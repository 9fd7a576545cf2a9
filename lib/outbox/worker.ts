/**
 * The outbox worker that runs in every app instance. It keeps up to `concurrency` jobs in flight,
 * claims more whenever a slot frees or the poll timer fires, heartbeats the leases of running jobs,
 * and survives every error: a failed claim is logged (no payloads, no personal data) and retried
 * with backoff, a throwing or hanging handler only affects its own job.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { DbHandle } from "@/db/client";
import type { OutboxJob } from "@/db/schema";
import { retryDelayMs, DEFAULT_MAX_AGE_MS } from "./backoff";
import { boundedTransaction } from "./bounded";
import { claimJobs, completeJob, extendLeases, failJob, pruneFinishedJobs } from "./jobs";
import { describeError, PermanentJobError, RetryJobError, type JobHandlers } from "./types";

export interface OutboxWorkerOptions {
  handle: Pick<DbHandle, "db" | "kind">;
  handlers: JobHandlers;
  concurrency?: number;
  pollMs?: number;
  /** How long a claimed job stays ours without a heartbeat (a killed instance's jobs are free after this). */
  leaseMs?: number;
  /** Time budget of one handler run (default 60 s); the heartbeat keeps the lease while it runs. */
  handlerTimeoutMs?: number;
  /** Extra periodic chores (retention), run about every `maintenanceMs`. */
  maintenance?: Array<(handle: Pick<DbHandle, "db" | "kind">) => Promise<void>>;
  maintenanceMs?: number;
  workerId?: string;
  log?: (message: string) => void;
}

export interface OutboxWorker {
  readonly id: string;
  start(): void;
  /** Stops claiming, waits for running jobs (up to `graceMs`), then resolves. Unfinished jobs are retaken after their lease. */
  stop(graceMs?: number): Promise<void>;
  /** Claims and runs due jobs until none are left (tests and the CLI drive the outbox with this). */
  drain(opts?: { maxRounds?: number }): Promise<number>;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const {
    handle,
    handlers,
    concurrency = 16,
    pollMs = 250,
    leaseMs = 30_000,
    maintenanceMs = 10 * 60_000,
    maintenance = [],
    log = (m) => console.error(`[baton outbox] ${m}`),
  } = options;
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 60_000;
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const kinds = Object.keys(handlers);
  const inFlight = new Map<number, { job: OutboxJob; done: Promise<void> }>();
  const stopController = new AbortController(); // stops claiming
  const abortHandlers = new AbortController(); // cancels running handlers once the grace period is over
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let lastMaintenance = Date.now();

  const ctxFor = (signal: AbortSignal) => ({ handle, signal });

  async function runJob(job: OutboxJob): Promise<void> {
    const handler = handlers[job.kind];
    const signal = AbortSignal.any([abortHandlers.signal, AbortSignal.timeout(handlerTimeoutMs)]);
    try {
      await handler.run(job, ctxFor(signal));
      await completeJob(handle.db, job);
    } catch (error) {
      const permanent = error instanceof PermanentJobError;
      const message = describeError(error);
      const delayMs =
        error instanceof RetryJobError && error.delayMs !== undefined
          ? error.delayMs
          : (handler.retryDelayMs ?? retryDelayMs)(job.attempts);
      try {
        const outcome = await failJob(handle.db, job, {
          error: message,
          delayMs,
          maxAgeMs: handler.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
          permanent,
        });
        if (outcome === "dead" && handler.onDead) await handler.onDead(job, ctxFor(abortHandlers.signal), message);
        if (outcome === "dead") log(`job ${job.id} (${job.kind}) gave up after ${job.attempts} attempts: ${message}`);
      } catch (e) {
        // The lease runs out and another attempt follows: nothing is lost.
        log(`could not record the failure of job ${job.id} (${job.kind}): ${describeError(e)}`);
      }
    }
  }

  async function claimAndStart(limit: number): Promise<number> {
    const token = randomUUID();
    const jobs = await boundedTransaction(handle, (tx) =>
      claimJobs(tx, { limit, leaseMs, workerId: id, token, kinds }),
    );
    for (const job of jobs) {
      const done = runJob(job).finally(() => {
        inFlight.delete(job.id);
        wake?.();
      });
      inFlight.set(job.id, { job, done });
    }
    return jobs.length;
  }

  async function beat() {
    const byToken = new Map<string, number[]>();
    for (const { job } of inFlight.values())
      byToken.set(job.lockToken!, [...(byToken.get(job.lockToken!) ?? []), job.id]);
    for (const [token, ids] of byToken) {
      await extendLeases(handle.db, { ids, token, leaseMs }).catch((e) =>
        log(`lease heartbeat failed: ${describeError(e)}`),
      );
    }
  }

  function sleep(msToWait: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, msToWait);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        stopController.signal.removeEventListener("abort", done);
        resolve();
      }
      wake = done;
      stopController.signal.addEventListener("abort", done);
    });
  }

  async function maybeMaintain() {
    if (Date.now() - lastMaintenance < maintenanceMs) return;
    lastMaintenance = Date.now();
    for (const task of [(h: Pick<DbHandle, "db" | "kind">) => pruneFinishedJobs(h.db), ...maintenance]) {
      await task(handle).catch((e) => log(`maintenance failed: ${describeError(e)}`));
    }
  }

  async function loop() {
    let failures = 0;
    while (!stopController.signal.aborted) {
      const free = concurrency - inFlight.size;
      let claimed = 0;
      if (free > 0) {
        try {
          claimed = await claimAndStart(free);
          failures = 0;
          await maybeMaintain();
        } catch (e) {
          failures++;
          log(`claiming jobs failed (${failures} in a row): ${describeError(e)}`);
          await sleep(Math.min(30_000, pollMs * 2 ** Math.min(failures, 8)));
          continue;
        }
      }
      if (free > 0 && claimed === free) continue; // probably more due: claim again right away
      await sleep(pollMs * (0.75 + Math.random() * 0.5));
    }
  }

  return {
    id,
    start() {
      if (running) return;
      heartbeat = setInterval(() => void beat(), Math.max(200, leaseMs / 3));
      heartbeat.unref();
      running = loop();
    },
    async stop(graceMs = 10_000) {
      stopController.abort();
      await running;
      const all = Promise.all([...inFlight.values()].map((f) => f.done));
      await Promise.race([all, new Promise((r) => setTimeout(r, graceMs).unref())]);
      abortHandlers.abort();
      await all;
      clearInterval(heartbeat);
    },
    async drain({ maxRounds = 1_000 } = {}) {
      let total = 0;
      for (let round = 0; round < maxRounds; round++) {
        const n = await claimAndStart(concurrency);
        await Promise.all([...inFlight.values()].map((f) => f.done));
        total += n;
        if (n === 0) break;
      }
      return total;
    },
  };
}
