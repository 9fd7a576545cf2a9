/**
 * Optimistic concurrency for queues. `queues.version` goes up by one in the same transaction as every
 * change to settings, members or groups, and that change's event records the new version. The API
 * sends it as a strong ETag ("7") and honours If-Match on PATCH; a stale If-Match is a 412 whose details
 * say who changed what since, from those events.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { events, queues, users, type Queue } from "@/db/schema";
import { preconditionFailed } from "@/lib/errors";
import { describeQueueChange, userIdsOf, type QueueChange } from "./queue-changes";

export const etagOf = (version: number) => `"${version}"`;

/**
 * RFC 9110 If-Match with strong comparison: absent = no condition; `*` = any current version;
 * otherwise one of the listed strong tags must equal the current one (a weak tag never matches).
 */
export function ifMatchAllows(header: string | null | undefined, version: number): boolean {
  if (header === null || header === undefined) return true;
  const h = header.trim();
  if (h === "*") return true;
  const tags = h.match(/(W\/)?"[^"]*"/g) ?? [];
  return tags.some((t) => t === etagOf(version));
}

/** Raises the version of a queue whose row this transaction changes; returns the new version. */
export async function bumpQueueVersion(tx: DbOrTx, queueId: string): Promise<number> {
  const [row] = await tx
    .update(queues)
    .set({ version: sql`${queues.version} + 1`, updatedAt: sql`now()` })
    .where(eq(queues.id, queueId))
    .returning({ version: queues.version });
  return row.version;
}

/** The event types that record a queue change with its version. */
export const QUEUE_CHANGE_EVENTS = [
  "queue.updated",
  "queue_group.created",
  "queue_group.updated",
  "queue_group.deleted",
  "queue.archived",
  "queue.restored",
] as const;

export interface QueueChangeRecord {
  version: number;
  actor: { id: string | null; name: string };
  at: string;
  changes: QueueChange[];
  /** The changes in plain words. */
  summary: string[];
}

/** Every recorded change after `version`, oldest first, one record per version. */
export async function queueChangesSince(db: DbOrTx, queueId: string, version: number): Promise<QueueChangeRecord[]> {
  const rows = await db
    .select({ actorUserId: events.actorUserId, data: events.data, createdAt: events.createdAt })
    .from(events)
    .where(
      and(
        eq(events.queueId, queueId),
        inArray(events.type, [...QUEUE_CHANGE_EVENTS]),
        sql`(${events.data}->>'version')::int > ${version}`,
      ),
    )
    .orderBy(asc(events.createdAt), asc(events.id));
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.actorUserId) ids.add(r.actorUserId);
    for (const c of ((r.data as { changes?: QueueChange[] }).changes ?? []) as QueueChange[])
      for (const id of userIdsOf(c)) ids.add(id);
  }
  const people = ids.size
    ? await db
        .select({ id: users.id, name: users.name })
        .from(users)
        .where(inArray(users.id, [...ids]))
    : [];
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? "a removed person";
  const byVersion = new Map<number, QueueChangeRecord>();
  for (const r of rows) {
    const data = r.data as { version: number; changes?: QueueChange[] };
    let rec = byVersion.get(data.version);
    if (!rec) {
      rec = {
        version: data.version,
        actor: { id: r.actorUserId, name: r.actorUserId ? nameOf(r.actorUserId) : "the system" },
        at: r.createdAt.toISOString(),
        changes: [],
        summary: [],
      };
      byVersion.set(data.version, rec);
    }
    for (const c of data.changes ?? []) {
      rec.changes.push(c);
      rec.summary.push(describeQueueChange(c, nameOf));
    }
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}

/** Throws 412 precondition_failed, with who changed what since, when If-Match does not name the locked queue's version. */
export async function assertIfMatch(tx: DbOrTx, queue: Queue, ifMatch: string | null | undefined): Promise<void> {
  if (ifMatchAllows(ifMatch, queue.version)) return;
  const asked = /"(\d+)"/.exec(ifMatch ?? "")?.[1];
  const changedSince = asked ? await queueChangesSince(tx, queue.id, Number(asked)) : [];
  const who = [...new Set(changedSince.map((c) => c.actor.name))];
  throw preconditionFailed(
    who.length
      ? `This queue was changed by ${who.join(" and ")} since you loaded it; nothing was saved`
      : "This queue was changed since you loaded it; nothing was saved",
    { field: "If-Match", currentVersion: queue.version, currentEtag: etagOf(queue.version), changedSince },
  );
}
