/**
 * The background refresher every app instance runs: every few seconds, claim a handful of due
 * connections (leases keep instances from syncing the same one) and sync them one by one. Safe to
 * run on any number of instances against one database; it never touches queue locks or bookings.
 */
import type { Db } from "@/db/client";
import { claimConnection, claimDueConnections, newLeaseOwner } from "./claim-calendar-syncs";
import { syncCalendar, type SyncOutcome } from "./sync-calendar";
import type { RequestLimits } from "./bounded-fetch";

export interface RefreshOptions {
  db: Db;
  owner: string;
  /** Connections per pass. */
  batch?: number;
  now?: Date;
  limits?: RequestLimits;
}

/** One pass: claims what is due and syncs it. Returns the outcome per connection id. */
export async function refreshDueCalendars(options: RefreshOptions): Promise<Map<string, SyncOutcome>> {
  const claimed = await claimDueConnections(options.db, {
    owner: options.owner,
    limit: options.batch ?? 5,
    now: options.now,
  });
  const outcomes = new Map<string, SyncOutcome>();
  for (const connection of claimed) outcomes.set(connection.id, await syncCalendar(options, connection));
  return outcomes;
}

/** "Sync now" from the dashboard: runs immediately unless another instance is already syncing it. */
export async function syncCalendarNow(
  options: Omit<RefreshOptions, "batch"> & { connectionId: string },
): Promise<SyncOutcome | { status: "already_syncing" }> {
  const connection = await claimConnection(options.db, {
    id: options.connectionId,
    owner: options.owner,
    now: options.now,
  });
  if (!connection) return { status: "already_syncing" };
  return syncCalendar(options, connection);
}

export interface Refresher {
  stop(): Promise<void>;
}

/**
 * Starts the loop. A pass that finds a full batch goes again at once; otherwise it sleeps
 * `intervalMs`. Errors of one pass (e.g. the database restarting) are logged and the loop goes on.
 */
export function startCalendarRefresher(options: {
  getDb: () => Promise<Db>;
  intervalMs?: number;
  batch?: number;
}): Refresher {
  const owner = newLeaseOwner();
  const intervalMs = options.intervalMs ?? 15_000;
  const batch = options.batch ?? 5;
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        const outcomes = await refreshDueCalendars({ db: await options.getDb(), owner, batch });
        busy = outcomes.size >= batch;
      } catch (e) {
        console.error("calendar refresher pass failed:", (e as Error).message);
      }
      if (!busy && !stopped)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, intervalMs);
          timer.unref?.();
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
