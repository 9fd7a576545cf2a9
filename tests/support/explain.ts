/**
 * EXPLAIN of an app statement as a prepared statement reuses it: prepared and forced to its generic plan
 * (the plan PostgreSQL settles on after a few executions), with `analyze` also its buffers.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";

export type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

/** The plan's nodes, depth first. */
export const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

const literal = (v: unknown) =>
  `'${(Array.isArray(v) ? `{${v.join(",")}}` : v instanceof Date ? v.toISOString() : String(v)).replace(/'/g, "''")}'`;

export async function explainGeneric(db: Db, q: { sql: string; params: unknown[] }, o: { analyze: boolean }) {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`prepare explained_plan as ${q.sql}`));
    await tx.execute(sql.raw(`set local plan_cache_mode = force_generic_plan`));
    const res = await tx.execute(
      sql.raw(
        `explain (format json${o.analyze ? ", analyze, buffers" : ""}) execute explained_plan(${q.params.map(literal).join(", ")})`,
      ),
    );
    await tx.execute(sql.raw(`deallocate explained_plan`));
    const cell = Object.values(rowsOf<Record<string, unknown>>(res)[0])[0];
    const json = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan: PlanNode }[];
    return json[0].Plan;
  });
}

/** Buffers a plan read (analyzed): shared hits and reads. */
export const blocksRead = (p: PlanNode) => Number(p["Shared Hit Blocks"] ?? 0) + Number(p["Shared Read Blocks"] ?? 0);
