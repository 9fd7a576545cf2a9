/** The app's real outbox worker for tests, polling fast and retrying on a compressed schedule. */
import type { DbHandle } from "@/db/client";
import { retryDelayMs } from "@/lib/outbox/backoff";
import { outboxHandlers } from "@/lib/outbox/handlers";
import type { JobHandlers } from "@/lib/outbox/types";
import { createOutboxWorker } from "@/lib/outbox/worker";

export function testOutboxWorker(
  handle: Pick<DbHandle, "db" | "kind">,
  { retryBaseMs = 200, retryCapMs = 2_000, leaseMs = 15_000 } = {},
) {
  const handlers: JobHandlers = Object.fromEntries(
    Object.entries(outboxHandlers).map(([kind, h]) => [
      kind,
      { ...h, retryDelayMs: (n: number) => retryDelayMs(n, { baseMs: retryBaseMs, capMs: retryCapMs }) },
    ]),
  );
  const logs: string[] = [];
  const worker = createOutboxWorker({ handle, handlers, pollMs: 50, leaseMs, log: (m) => logs.push(m) });
  return Object.assign(worker, { logs });
}
