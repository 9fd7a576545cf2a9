import PQueue from "p-queue";
import { unavailable } from "@/lib/errors";

export interface PerKeyLimitOptions {
  /** Tasks running at once per key. */
  concurrency: number;
  /** Tasks allowed to wait per key; one more is refused at once. */
  maxWaiting: number;
  /** A task still waiting after this long is refused (it never starts). */
  maxWaitMs: number;
  /** The 503 `busy` message a refused task gets. */
  busyMessage: string;
  /**
   * A task still running after this long gives its slot up (its request has had its 503 from the
   * request deadline by then), so one stuck task cannot keep its key busy. It is not cancelled.
   */
  maxRunMs?: number;
}

/**
 * Bounded in-process concurrency per key, failing fast: beyond `maxWaiting` waiters, or after
 * `maxWaitMs` of waiting, a task is refused with 503 `busy` (Retry-After) instead of queueing
 * without bound while holding a request (and, further on, a database connection) open.
 */
export function limitPerKey(opts: PerKeyLimitOptions) {
  const queues = new Map<string, PQueue>();
  const queueFor = (key: string) => {
    let q = queues.get(key);
    if (!q) {
      const created = new PQueue({ concurrency: opts.concurrency });
      created.on("idle", () => {
        if (queues.get(key) === created && created.size === 0 && created.pending === 0) queues.delete(key);
      });
      queues.set(key, created);
      q = created;
    }
    return q;
  };

  return {
    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const q = queueFor(key);
      if (q.size >= opts.maxWaiting) throw unavailable(opts.busyMessage, "busy");
      const waiting = new AbortController();
      let started = false;
      // Abort only while waiting: a started task runs to its end (its own database timeouts bound it).
      const timer = setTimeout(() => started || waiting.abort(unavailable(opts.busyMessage, "busy")), opts.maxWaitMs);
      try {
        return await q.add(
          () => {
            started = true;
            clearTimeout(timer);
            return opts.maxRunMs ? giveUpAfter(task(), opts.maxRunMs) : task();
          },
          { signal: waiting.signal },
        );
      } finally {
        clearTimeout(timer);
      }
    },
    /** Waiting and running tasks for a key (for tests and diagnostics). */
    load(key: string) {
      const q = queues.get(key);
      return { waiting: q?.size ?? 0, running: q?.pending ?? 0 };
    },
  };
}

/** Settles with `work`, or stops waiting for it after `ms` (rejecting with 503 `unavailable`). */
function giveUpAfter<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => {});
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable("The request took too long; retry it")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
