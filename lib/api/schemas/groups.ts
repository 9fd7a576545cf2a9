import { z } from "zod";
import * as v from "@/lib/validation";
import { isoString } from "./common";

const userIds = z
  .array(v.uuid)
  .max(500)
  .refine((ids) => new Set(ids).size === ids.length, "contains a user twice");
const priority = z.number().int().min(0).max(10_000).meta({ description: "Lower = higher priority (tier 1 first)" });

export const groupCreateBody = z
  .object({ name: v.name, queueId: v.uuid, userIds, priority })
  .meta({ id: "QueueUserGroupCreate" });
export const groupUpdateBody = z
  .object({ name: v.name.optional(), userIds: userIds.optional(), priority: priority.optional() })
  .meta({ id: "QueueUserGroupUpdate" });
export const groupListQuery = z.object({ queueId: v.uuid.optional() });
export const groupParams = z.object({ groupId: v.uuid });

export const groupResponse = z
  .object({
    id: v.uuid,
    queueId: v.uuid,
    name: z.string(),
    priority: z.number(),
    userIds: z.array(v.uuid),
    createdAt: isoString,
  })
  .meta({ id: "QueueUserGroup" });
export type GroupCreateBody = z.infer<typeof groupCreateBody>;
export type GroupUpdateBody = z.infer<typeof groupUpdateBody>;
export type GroupResponse = z.infer<typeof groupResponse>;
