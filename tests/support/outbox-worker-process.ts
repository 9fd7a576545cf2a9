/**
 * One app instance's outbox worker as its own OS process (its own postgres.js pool), for the
 * kill-an-instance test: WORKER_INPUT='{"url","leaseMs"}' npx tsx tests/support/outbox-worker-process.ts
 * Prints "ready <workerId>" once polling.
 */
import { openPostgres } from "@/db/client";
import { outboxHandlers } from "@/lib/outbox/handlers";
import { createOutboxWorker } from "@/lib/outbox/worker";

async function main() {
  const input = JSON.parse(process.env.WORKER_INPUT ?? "{}") as { url: string; leaseMs: number };
  const handle = await openPostgres(input.url, { max: 4 });
  const worker = createOutboxWorker({
    handle,
    handlers: outboxHandlers,
    pollMs: 50,
    leaseMs: input.leaseMs,
    workerId: `proc-${process.pid}`,
  });
  worker.start();
  process.stdout.write(`ready ${worker.id}\n`);
  process.once("SIGTERM", async () => {
    await worker.stop(2_000);
    await handle.close();
    process.exit(0);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
