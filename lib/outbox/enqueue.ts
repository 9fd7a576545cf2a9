import type { DbOrTx } from "@/db/client";
import { outboxJobs } from "@/db/schema";

export interface EnqueueOptions {
  /** Handler name, e.g. "webhooks.deliver" or "calendar.write". */
  kind: string;
  payload: Record<string, unknown>;
  /** Jobs with the same key run one at a time in insertion order (e.g. a booking id). */
  orderingKey?: string | null;
  /** Not before this time (default: now). */
  runAt?: Date;
}

/**
 * Writes a job in the caller's transaction: it exists exactly when the change it describes
 * commits, and a rolled-back change leaves nothing to deliver.
 */
export async function enqueue(tx: DbOrTx, jobs: EnqueueOptions | EnqueueOptions[]): Promise<void> {
  const list = Array.isArray(jobs) ? jobs : [jobs];
  if (list.length === 0) return;
  await tx.insert(outboxJobs).values(
    list.map((j) => ({
      kind: j.kind,
      payload: j.payload,
      orderingKey: j.orderingKey ?? null,
      ...(j.runAt ? { runAt: j.runAt } : {}),
    })),
  );
}
