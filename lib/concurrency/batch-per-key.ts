import { unavailable } from "@/lib/errors";

export interface BatchPerKeyOptions<I> {
  /** Items handed to one run at most (a function: asked before each run). 1 = one at a time, no batching. */
  maxBatch: number | (() => number);
  /** Items allowed to wait per key; one more is refused at once. */
  maxWaiting: number;
  /** An item still waiting after this long is refused (it never runs). */
  maxWaitMs: number;
  /** The 503 `busy` message a refused item gets. */
  busyMessage: string;
  /**
   * A run still going after this long gives its key up (its requests have had their 503 from the
   * request deadline by then), so one stuck run cannot keep its key busy. It is not cancelled.
   */
  maxRunMs?: number;
  /** Whether `item` may join a run that starts with `first`; an item that does not waits for a later run. */
  fits?: (first: I, item: I) => boolean;
}

/** What a run answers for each of its items, in their order. */
export type BatchResults<O> = PromiseSettledResult<O>[];

interface Entry<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (reason: unknown) => void;
  timer: NodeJS.Timeout;
}

interface KeyState<I, O> {
  waiting: Entry<I, O>[];
  running: boolean;
}

/**
 * One run at a time per key, and the items that arrived while a run was going are handed to the
 * next run together (group commit: one lock, one snapshot, one commit for all of them). Fails fast
 * like a bounded queue: beyond `maxWaiting` waiters, or after `maxWaitMs` of waiting, an item is
 * refused with 503 `busy` (Retry-After) instead of queueing without bound while holding a request open.
 * An idle key runs its first item at once, alone: batching never delays a request.
 */
export function batchPerKey<I, O>(
  opts: BatchPerKeyOptions<I>,
  run: (key: string, items: I[]) => Promise<BatchResults<O>>,
) {
  const states = new Map<string, KeyState<I, O>>();

  async function drain(key: string, s: KeyState<I, O>) {
    while (s.waiting.length > 0) {
      const first = s.waiting[0];
      const max = typeof opts.maxBatch === "function" ? opts.maxBatch() : opts.maxBatch;
      const batch: Entry<I, O>[] = [first];
      const rest: Entry<I, O>[] = [];
      for (const e of s.waiting.slice(1)) {
        if (batch.length < max && (!opts.fits || opts.fits(first.item, e.item))) batch.push(e);
        else rest.push(e);
      }
      s.waiting = rest;
      for (const e of batch) clearTimeout(e.timer);
      try {
        const work = run(
          key,
          batch.map((e) => e.item),
        );
        const results = await (opts.maxRunMs ? giveUpAfter(work, opts.maxRunMs) : work);
        batch.forEach((e, i) => {
          const r = results[i];
          if (!r) e.reject(new Error("batchPerKey: the run gave no result for an item"));
          else if (r.status === "fulfilled") e.resolve(r.value);
          else e.reject(r.reason);
        });
      } catch (error) {
        for (const e of batch) e.reject(error);
      }
    }
    s.running = false;
    if (states.get(key) === s) states.delete(key);
  }

  return {
    submit(key: string, item: I): Promise<O> {
      let s = states.get(key);
      if (!s) {
        s = { waiting: [], running: false };
        states.set(key, s);
      }
      if (s.waiting.length >= opts.maxWaiting) return Promise.reject(unavailable(opts.busyMessage, "busy"));
      const state = s;
      return new Promise<O>((resolve, reject) => {
        const entry: Entry<I, O> = {
          item,
          resolve,
          reject,
          timer: setTimeout(() => {
            const i = state.waiting.indexOf(entry);
            if (i < 0) return; // taken into a run meanwhile
            state.waiting.splice(i, 1);
            reject(unavailable(opts.busyMessage, "busy"));
          }, opts.maxWaitMs),
        };
        state.waiting.push(entry);
        if (!state.running) {
          state.running = true;
          void drain(key, state);
        }
      });
    },
    /** Waiting items and whether a run is going, per key (for tests and diagnostics). */
    load(key: string) {
      const s = states.get(key);
      return { waiting: s?.waiting.length ?? 0, running: s?.running ? 1 : 0 };
    },
  };
}

/** Settles with `work`, or stops waiting for it after `ms` (rejecting with 503 `unavailable`). */
export function giveUpAfter<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => {});
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable("The request took too long; retry it")), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
