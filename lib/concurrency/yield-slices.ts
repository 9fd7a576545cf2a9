import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * For long loops on the request path: `await pause()` after each step returns at once until
 * `sliceMs` of work has passed, then lets the event loop run other requests (and health checks)
 * before continuing, so one request never blocks the process for more than about a slice.
 */
export function yieldSlices(sliceMs = 15): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await nextTurn();
    sliceStart = performance.now();
  };
}
