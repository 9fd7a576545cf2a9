import { z } from "zod";
import * as v from "@/lib/validation";

export const idParams = z.object({ id: v.uuid });
export const isoString = z.string().meta({ description: "ISO-8601 instant (UTC)", format: "date-time" });
export const deletedResponse = z.object({ id: v.uuid, deleted: z.literal(true) }).meta({ id: "Deleted" });

/** Query numbers arrive as strings. */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
