/**
 * POST /v4/handoff/bulk and POST /v4/handoff/coverage.
 *
 * Bulk: every confirmed booking hosted by one of fromUserIds that starts within the inclusive
 * days startDate..endDate (the ACTING user's time zone) is handed off in its own transaction
 * (handoffStep), in start order. One that cannot move is reported in `failed` and keeps its host;
 * nothing is half-moved. A rerun only sees bookings still hosted by fromUserIds, so moved ones are
 * never counted (or evented) twice. A dry run plans the same steps in memory (earlier planned
 * moves make the target busy / raise its queue count for later ones) and writes nothing.
 *
 * Coverage: the absence exception (isAvailable=false, whole days in the ABSENT user's time zone)
 * is created first, so routing stops offering the user at once, then the bulk handoff runs over
 * exactly the exception's range. An identical exception (same user, range, unavailable) is reused,
 * so running the same coverage twice creates no duplicate.
 */
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { UseCaseContext } from "@/lib/context";
import { availabilityExceptions, bookings } from "@/db/schema";
import { resolveRange } from "@/lib/slots";
import {
  type BulkHandoffBody,
  type BulkHandoffResponse,
  type CoverageBody,
  type CoverageResponse,
} from "@/lib/api/schemas/handoff";
import { insertException, presentException } from "@/lib/people/manage-availability-exceptions";
import { assertWorkspaceUsers } from "@/lib/people/manage-users";
import {
  RunCache,
  emptyOverlay,
  handoffStep,
  previewStep,
  resolveTarget,
  type HandoffTarget,
} from "@/lib/handoffs/plan-handoff";
import { getWorkspaceUser } from "@/lib/people/manage-users";
import { transact } from "@/db/transaction";
import { emitWebhookEvent } from "@/lib/webhooks/emit";
import { userActor } from "@/lib/webhooks/emit-domain-events";

interface BulkRun {
  fromUserIds: string[];
  target: HandoffTarget;
  range: { start: number; end: number };
  timeZone: string;
  dryRun: boolean;
  eventData: Record<string, unknown>;
}

async function runBulk(ctx: UseCaseContext, run: BulkRun): Promise<BulkHandoffResponse> {
  const out: BulkHandoffResponse = {
    dryRun: run.dryRun,
    range: {
      start: new Date(run.range.start).toISOString(),
      end: new Date(run.range.end).toISOString(),
      timeZone: run.timeZone,
    },
    handedOff: 0,
    moved: [],
    failed: [],
    skipped: [],
  };
  const { db } = ctx;
  const rows = await db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.workspaceId, ctx.workspaceId),
        inArray(bookings.hostId, run.fromUserIds),
        eq(bookings.status, "confirmed"),
        gte(bookings.startsAt, new Date(run.range.start)),
        lt(bookings.startsAt, new Date(run.range.end)),
      ),
    )
    .orderBy(asc(bookings.startsAt), asc(bookings.id));
  const from = new Set(run.fromUserIds);
  const cache = new RunCache();
  const overlay = emptyOverlay();

  for (const row of rows) {
    const base = { appointmentId: row.id, start: row.startsAt.toISOString(), fromUserId: row.hostId };
    // One planner (decideStep) for both: the dry run plans on the overlay, the real step in its transaction.
    const r = run.dryRun
      ? await previewStep(db, { ctx, booking: row, target: run.target, exclude: from, overlay, cache })
      : await handoffStep(ctx, row.id, run.target, {
          eventType: "handoff.bulk",
          eventData: run.eventData,
          expectHosts: from,
          exclude: from,
          cache,
        });
    if (r.kind === "moved") out.moved.push({ ...base, toUserId: r.to, reason: r.reason });
    else if (r.kind === "failed") out.failed.push({ ...base, code: r.code, reason: r.reason });
    else out.skipped.push({ ...base, code: r.code, reason: r.reason });
  }
  out.handedOff = out.moved.length;
  if (!run.dryRun) {
    // Each move committed in its own transaction; this one records that the run as a whole finished.
    await transact(db, (tx) =>
      emitWebhookEvent(tx, {
        workspaceId: ctx.workspaceId,
        type: "handoff.bulk_completed",
        data: {
          handoff: {
            ...out,
            kind: "coverage" in run.eventData ? "coverage" : "bulk",
            fromUserIds: run.fromUserIds,
            target:
              run.target.kind === "user"
                ? { type: "user", id: run.target.user.id }
                : { type: "queue", id: run.target.queue.id },
          },
          reason: `${out.handedOff} moved, ${out.failed.length} failed, ${out.skipped.length} skipped`,
          actor: userActor(ctx.actor.id),
        },
      }),
    );
  }
  return out;
}

/** Checks every fromUserId and the target are in the workspace (404), then hands off. */
export async function bulkHandoff(ctx: UseCaseContext, body: BulkHandoffBody): Promise<BulkHandoffResponse> {
  await assertWorkspaceUsers(ctx.db, ctx.workspaceId, body.fromUserIds);
  const target = await resolveTarget(ctx, body);
  const { actor } = ctx;
  const range = resolveRange(body.startDate, body.endDate, actor.timeZone);
  return runBulk(ctx, {
    fromUserIds: body.fromUserIds,
    target,
    range,
    timeZone: actor.timeZone,
    dryRun: body.dryRun,
    eventData: {
      bulk: {
        fromUserIds: body.fromUserIds,
        startDate: body.startDate,
        endDate: body.endDate,
        timeZone: actor.timeZone,
      },
    },
  });
}

async function coverage(ctx: UseCaseContext, body: CoverageBody, dryRun: boolean): Promise<CoverageResponse> {
  const { db, workspaceId } = ctx;
  const user = await getWorkspaceUser(db, workspaceId, body.userId);
  const target = await resolveTarget(ctx, body);
  const range = resolveRange(body.startDate, body.endDate, user.timeZone);
  const run = { fromUserIds: [user.id], target, range, timeZone: user.timeZone };

  if (dryRun) {
    const result = await runBulk(ctx, { ...run, dryRun: true, eventData: {} });
    return {
      ...result,
      exceptionCreated: false,
      exception: {
        id: null,
        userId: user.id,
        name: body.name,
        isAvailable: false,
        startsAt: new Date(range.start).toISOString(),
        endsAt: new Date(range.end).toISOString(),
        createdAt: null,
      },
    };
  }

  // 1. The exception first: from now on routing no longer sends this user bookings in the range.
  const [same] = await db
    .select()
    .from(availabilityExceptions)
    .where(
      and(
        eq(availabilityExceptions.workspaceId, workspaceId),
        eq(availabilityExceptions.userId, user.id),
        eq(availabilityExceptions.isAvailable, false),
        eq(availabilityExceptions.startsAt, new Date(range.start)),
        eq(availabilityExceptions.endsAt, new Date(range.end)),
      ),
    )
    .limit(1);
  const exception = same
    ? presentException(same)
    : await insertException(
        db,
        { workspaceId, userId: user.id, name: body.name, isAvailable: false, range },
        { actorUserId: ctx.actor.id, reason: "vacation coverage" },
      );
  // 2. Then hand off what is already booked.
  const result = await runBulk(ctx, {
    ...run,
    dryRun: false,
    eventData: {
      coverage: {
        exceptionId: exception.id,
        userId: user.id,
        startDate: body.startDate,
        endDate: body.endDate,
        timeZone: user.timeZone,
      },
    },
  });
  return { ...result, exception, exceptionCreated: !same };
}

/** Dry run of coverage: what would move where and what would fail, nothing written. */
export function previewCoverage(ctx: UseCaseContext, body: CoverageBody): Promise<CoverageResponse> {
  return coverage(ctx, body, true);
}

/** Creates (or reuses) the absence exception, then hands off the user's appointments in that range. */
export function runCoverage(ctx: UseCaseContext, body: CoverageBody): Promise<CoverageResponse> {
  return coverage(ctx, body, false);
}
