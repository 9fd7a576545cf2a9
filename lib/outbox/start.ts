/**
 * Starts this process's outbox worker once (instrumentation.ts calls it at boot). Every app
 * instance runs one; BATON_OUTBOX_WORKER=0 turns it off (tests that drive the outbox by hand).
 */
import { getDbHandle } from "@/db/client";
import { outboxHandlers, outboxMaintenance } from "./handlers";
import { createOutboxWorker, type OutboxWorker } from "./worker";

const store = globalThis as unknown as { __batonOutbox?: OutboxWorker };

export async function startOutboxWorker(): Promise<OutboxWorker | undefined> {
  if (process.env.BATON_OUTBOX_WORKER === "0") return undefined;
  if (store.__batonOutbox) return store.__batonOutbox;
  const handle = await getDbHandle();
  const num = (v: string | undefined) => (v && Number(v) > 0 ? Number(v) : undefined);
  const worker = createOutboxWorker({
    handle,
    handlers: outboxHandlers,
    maintenance: outboxMaintenance,
    // PGlite runs one statement at a time, so fewer concurrent jobs there.
    concurrency: num(process.env.BATON_OUTBOX_CONCURRENCY) ?? (handle.kind === "pglite" ? 4 : 16),
    pollMs: num(process.env.BATON_OUTBOX_POLL_MS),
    leaseMs: num(process.env.BATON_OUTBOX_LEASE_MS),
  });
  if (process.env.NODE_ENV === "production" && process.env.BATON_WEBHOOKS_ALLOW_INSECURE === "1") {
    console.warn("[baton outbox] BATON_WEBHOOKS_ALLOW_INSECURE=1: webhooks may target http and private addresses");
  }
  store.__batonOutbox = worker;
  worker.start();
  const stop = () => void worker.stop(5_000);
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return worker;
}

export async function stopOutboxWorker(graceMs?: number): Promise<void> {
  const worker = store.__batonOutbox;
  store.__batonOutbox = undefined;
  await worker?.stop(graceMs);
}
