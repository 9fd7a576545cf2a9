import { z } from "zod";
import * as v from "@/lib/validation";
import { isoString } from "./common";
import { HANDOFF_FAIRNESS_NAMES, STRATEGY_NAMES } from "@/db/strategies";

export const strategy = z.enum(STRATEGY_NAMES).meta({ description: "How the queue distributes bookings" });
export const fairnessWindow = z
  .enum(["none", "day", "week", "month"])
  .meta({ description: "Period the fairness counters cover (workspace time zone)" });
export const returnPolicy = z.enum(["keep_position", "catch_up"]).meta({
  description:
    "How a member returning from an absence or a pause, joining the queue, or moving into another priority group is placed: keep_position = at par with its tier (no catch-up burst), catch_up = takes bookings until it has its share of the window",
});
export const handoffFairness = z.enum(HANDOFF_FAIRNESS_NAMES).meta({
  description:
    "What a handoff within the queue does to its fairness counters. Neither changes anyone's standing: keep_routed_credit = the routed host keeps the count and the new host's work is counted as covered; move_count = the count moves to the new host (a member) and credit compensates both",
});
export const weightChange = z.enum(["from_now", "whole_window"]).meta({
  description:
    "When weights change: from_now (default) re-bases every member to par under the new weights, so they apply from the next booking without a catch-up burst; whole_window applies them to the whole fairness window, so members catch up to the new shares",
});

const cap = z.number().int().min(0).max(10_000).nullable();

export const queueUserInput = z.object({
  userId: v.uuid,
  weight: z
    .number()
    .int()
    .min(0, "must be 0 (paused) or more")
    .max(1000)
    .meta({ description: "Relative share; 0 pauses the member" }),
  capPerDay: cap.optional().meta({ description: "Max bookings per day in this queue, null = no cap" }),
  capPerWeek: cap.optional().meta({ description: "Max bookings per week in this queue, null = no cap" }),
});

export const queueUpdateBody = z
  .object({
    users: z.array(queueUserInput).max(500),
    strategy: strategy.optional(),
    fairnessWindow: fairnessWindow.optional(),
    returnPolicy: returnPolicy.optional(),
    handoffFairness: handoffFairness.optional(),
    weightChange: weightChange.optional(),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.users.forEach((u, i) => {
      if (seen.has(u.userId))
        ctx.addIssue({ code: "custom", path: ["users", i, "userId"], message: "is listed twice" });
      seen.add(u.userId);
    });
  })
  .meta({ id: "QueueUpdate", description: "Replaces the queue's member list atomically" });
export type QueueUpdateBody = z.infer<typeof queueUpdateBody>;

export const meetingTypeParams = z.object({ meetingTypeId: v.uuid });
export const workspaceParams = z.object({ workspaceId: v.uuid });
export const queueParams = z.object({ queueId: v.uuid });
export const nextQuery = z.object({
  start: v.instant.optional().meta({ description: "Ask for this start time; end = start + duration" }),
});

export const queueUser = z.object({
  userId: v.uuid,
  name: z.string(),
  email: z.string(),
  weight: z.number(),
  paused: z.boolean(),
  capPerDay: z.number().nullable(),
  capPerWeek: z.number().nullable(),
  position: z.number(),
  lastAssignedAt: isoString.nullable(),
  groupIds: z.array(v.uuid),
  covered: z.number().int().meta({
    description:
      "Bookings of the current fairness window this member hosts for the routed host, who keeps the credit (handoffs)",
  }),
});
export const queueGroupSummary = z.object({
  id: v.uuid,
  name: z.string(),
  priority: z.number(),
  userIds: z.array(v.uuid),
});

export const queueResponse = z
  .object({
    id: v.uuid,
    workspaceId: v.uuid,
    meetingTypeId: v.uuid,
    name: z.string(),
    strategy,
    fairnessWindow,
    returnPolicy,
    handoffFairness,
    users: z.array(queueUser),
    groups: z.array(queueGroupSummary),
    archivedAt: isoString.nullable().meta({ description: "Set when archived: the queue takes no bookings" }),
    version: z.number().int().min(1).meta({
      description:
        "Goes up with every change to the queue's settings, members or groups; the ETag header carries it, and PATCH accepts it in If-Match",
    }),
    createdAt: isoString,
    updatedAt: isoString,
  })
  .meta({ id: "Queue" });
export type QueueResponse = z.infer<typeof queueResponse>;

export const nextHostsResponse = z
  .object({
    queueId: v.uuid,
    start: isoString.nullable(),
    end: isoString.nullable(),
    nextHosts: z.array(
      z.object({
        userId: v.uuid,
        name: z.string(),
        rank: z.number(),
        tier: z.number(),
        groupId: v.uuid.nullable(),
        groupName: z.string().nullable(),
        priority: z.number().nullable(),
        score: z.number(),
        reason: z.string(),
      }),
    ),
    excluded: z.array(z.object({ userId: v.uuid, name: z.string(), code: z.string(), reason: z.string() })),
  })
  .meta({ id: "NextHosts", description: "Hosts in the order the next booking would try them" });
export type NextHostsResponse = z.infer<typeof nextHostsResponse>;
